import { updateOperation } from '../actor.operations';

export const operation = updateOperation('destination');
export const { description, execute } = operation;
