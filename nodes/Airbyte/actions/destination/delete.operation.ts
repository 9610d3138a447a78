import { deleteOperation } from '../actor.operations';

export const operation = deleteOperation('destination');
export const { description, execute } = operation;
