import { getOperation } from '../actor.operations';

export const operation = getOperation('destination');
export const { description, execute } = operation;
