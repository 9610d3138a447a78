import type { IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';
import { ZodError } from 'zod';
import { parseSchemaPlan, SchemaPlanError, type SchemaPlan } from '../../../lib/schema';

/** A JSON parameter as a value: objects pass through, strings are parsed, empty is undefined. */
export function jsonParameter(ctx: IExecuteFunctions, name: string, i: number): unknown {
	const raw = ctx.getNodeParameter(name, i, undefined) as unknown;
	if (raw === undefined || raw === null || raw === '') return undefined;
	if (typeof raw !== 'string') return raw;
	try {
		return jsonParse(raw);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `The "${name}" parameter is not valid JSON`, {
			itemIndex: i,
			description: 'Pass the object itself through an expression, e.g. {{ $json.plan }}, or paste valid JSON.',
		});
	}
}

export function planParameter(ctx: IExecuteFunctions, i: number): SchemaPlan {
	const value = jsonParameter(ctx, 'plan', i);
	if (value === undefined)
		throw new NodeOperationError(ctx.getNode(), 'No plan given', {
			itemIndex: i,
			description: "Run the Plan operation first and pass its output, e.g. {{ $('Schema Designer').item.json.plan }}.",
		});
	try {
		return parseSchemaPlan(value);
	} catch (error) {
		const issue = error instanceof ZodError ? error.issues[0] : undefined;
		throw new NodeOperationError(ctx.getNode(), 'The plan is not a Schema Designer plan', {
			itemIndex: i,
			description: issue ? `At ${issue.path.join('.') || '(root)'}: ${issue.message}. Pass the "plan" field of the Plan operation's output unchanged.` : String(error),
		});
	}
}

/** Our errors become NodeOperationErrors with the description of what to fix. */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, i: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof SchemaPlanError) return new NodeOperationError(ctx.getNode(), error.message, { itemIndex: i, description: error.description });
	if (error instanceof ZodError) {
		const issue = error.issues[0];
		return new NodeOperationError(ctx.getNode(), 'The generated plan failed validation', {
			itemIndex: i,
			description: `At ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
		});
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
}
