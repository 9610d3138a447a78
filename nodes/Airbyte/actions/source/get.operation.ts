import { getOperation } from '../actor.operations';

export const operation = getOperation('source');
export const { description, execute } = operation;
