import { actorResourceDescription } from '../actor.operations';
import type { AirbyteOperation } from '../node.type';
import * as create from './create.operation';
import * as deleteOp from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export const operations: Record<string, AirbyteOperation> = {
	create: create.operation,
	delete: deleteOp.operation,
	get: get.operation,
	list: list.operation,
	update: update.operation,
};

export const description = actorResourceDescription('destination', operations);
