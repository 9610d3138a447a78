import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	AirbyteAbortError,
	AirbyteApiError,
	AirbyteAmbiguousCreateError,
	AirbyteTransportError,
	AirbyteWaitTimeoutError,
	describeAirbyteError,
} from '../../../lib/airbyte/errors';

/** Adds displayOptions for one resource/operation to each property. */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	}));
}

/** The ID behind a resource locator parameter (list, URL or ID mode). */
export function getId(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const id = String(value ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(ctx.getNode(), `"${name}" is empty`, {
			itemIndex,
			description: 'Pick a resource from the list, paste its Airbyte URL or enter its ID.',
		});
	}
	return id;
}

/** A JSON object parameter, given as an object or as JSON text. */
export function getJsonObject(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): IDataObject {
	const raw = ctx.getNodeParameter(name, itemIndex, {}) as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		const text = raw.trim();
		value = text === '' ? {} : parseJson(text);
	}
	if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON object`, {
			itemIndex,
			description: `Enter ${label.toLowerCase()} as a JSON object, e.g. {"sourceType": "faker", "count": 100}.`,
		});
	}
	return value as IDataObject;
}

/** A JSON array parameter, given as an array or as JSON text; undefined when empty. */
export function getJsonArray(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): IDataObject[] | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	const value = typeof raw === 'string' ? parseJson(raw.trim()) : raw;
	if (!Array.isArray(value) || value.some((entry) => !entry || typeof entry !== 'object' || Array.isArray(entry))) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON array of objects`, {
			itemIndex,
			description: `Enter ${label.toLowerCase()} as a JSON array, e.g. [{"name": "users", "syncMode": "full_refresh_overwrite"}].`,
		});
	}
	return value as IDataObject[];
}

function parseJson(text: string): unknown {
	const outcome = safeJsonParse(text);
	return outcome.ok ? outcome.value : undefined;
}

function safeJsonParse(text: string): { ok: true; value: unknown } | { ok: false } {
	if (!/^[[{]/.test(text)) return { ok: false };
	let value: unknown;
	let ok = true;
	try {
		value = JSON.parse(text);
	} catch {
		ok = false;
	}
	return ok ? { ok: true, value } : { ok: false };
}

/** The n8n error for anything the client or an operation threw. */
export function toNodeError(ctx: Pick<IExecuteFunctions, 'getNode'>, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const { message, description } = describeAirbyteError(error);
	if (error instanceof AirbyteApiError) {
		return new NodeApiError(ctx.getNode(), { ...error.problem, kind: error.kind } as JsonObject, {
			message,
			description,
			httpCode: String(error.status),
			itemIndex,
		});
	}
	if (
		error instanceof AirbyteTransportError ||
		error instanceof AirbyteWaitTimeoutError ||
		error instanceof AirbyteAmbiguousCreateError ||
		error instanceof AirbyteAbortError
	) {
		return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : message, { itemIndex, description });
}
