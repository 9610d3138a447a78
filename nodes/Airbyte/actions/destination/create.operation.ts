import { createOperation } from '../actor.operations';

export const operation = createOperation('destination');
export const { description, execute } = operation;
