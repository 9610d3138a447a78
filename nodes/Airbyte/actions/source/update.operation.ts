import { updateOperation } from '../actor.operations';

export const operation = updateOperation('source');
export const { description, execute } = operation;
