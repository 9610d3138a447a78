import { createOperation } from '../actor.operations';

export const operation = createOperation('source');
export const { description, execute } = operation;
