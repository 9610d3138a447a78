import { listOperation } from '../actor.operations';

export const operation = listOperation('source');
export const { description, execute } = operation;
