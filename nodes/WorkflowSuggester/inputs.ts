import type { IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { normaliseInputs, type RawInputs } from '../../lib/suggest/normalise';
import type { SuggestInput } from '../../lib/suggest/inputs';

/** A JSON parameter as a value: objects pass through, text is parsed, empty means absent. */
export function jsonParameter(ctx: IExecuteFunctions, name: string, i: number): unknown {
	const raw = ctx.getNodeParameter(name, i, undefined) as unknown;
	if (raw === undefined || raw === null || raw === '') return undefined;
	if (typeof raw !== 'string') return raw;
	try {
		return jsonParse(raw);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `Parameter "${name}" is not valid JSON`, {
			itemIndex: i,
			description: 'Pass the previous node\'s output as an expression, e.g. {{ $json.model }}, or paste valid JSON.',
		});
	}
}

/** The model, analysis, profile and schema plan of item i, normalised against the model. */
export function readInputs(ctx: IExecuteFunctions, i: number, extra: Partial<RawInputs> = {}): { input: SuggestInput; warnings: string[] } {
	const raw: RawInputs = {
		model: jsonParameter(ctx, 'model', i),
		analysis: jsonParameter(ctx, 'analysis', i),
		profile: jsonParameter(ctx, 'profile', i),
		schemaPlan: jsonParameter(ctx, 'schemaPlan', i),
		...extra,
	};
	if (raw.model === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'No data model on the input', {
			itemIndex: i,
			description: "Connect the Data Analyzer's output, or set Data Model to an expression that points at its model (e.g. {{ $('Data Analyzer').item.json.model }}).",
		});
	}
	try {
		const { value, warnings } = normaliseInputs(raw);
		return { input: value, warnings };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			itemIndex: i,
			description: 'The data model must look like the Data Analyzer\'s: { "streams": [{ "name", "columns": [{ "name", "pgType", "semanticType" }], "primaryKey" }], "foreignKeys": [...] }.',
		});
	}
}
