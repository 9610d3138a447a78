import { deleteOperation } from '../actor.operations';

export const operation = deleteOperation('source');
export const { description, execute } = operation;
