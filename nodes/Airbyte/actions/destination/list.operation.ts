import { listOperation } from '../actor.operations';

export const operation = listOperation('destination');
export const { description, execute } = operation;
