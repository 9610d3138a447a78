// Asking a connected model for plan edits. The model sees a compact plan (names and types, no data) and may
// only answer with edits from planEditSchema; applyPlanEdits validates each one. It never writes SQL.
import type { ChatMessage, ChatModelLike, LlmRuntime } from '../analysis/llm/types';
import { planEditsResponseSchema } from './edits';
import type { SchemaPlan } from './plan';

const MAX_COLUMNS_SHOWN = 60;

export function planDigest(plan: SchemaPlan): string {
	const lines: string[] = [];
	for (const t of plan.tables) {
		const cols = t.columns.filter((c) => !c.system);
		const shown = cols.slice(0, MAX_COLUMNS_SHOWN).map((c) => `${c.name} ${c.type}`);
		if (cols.length > MAX_COLUMNS_SHOWN) shown.push(`... ${cols.length - MAX_COLUMNS_SHOWN} more`);
		lines.push(`table ${t.name} (key ${t.primaryKey.columns.join(', ')}): ${shown.join(', ')}`);
		for (const fk of t.foreignKeys) lines.push(`  fk ${fk.columns.join(', ')} -> ${fk.refTable}`);
		if (t.indexes.length) lines.push(`  indexes: ${t.indexes.map((i) => `(${i.columns.join(', ')})`).join(' ')}`);
	}
	for (const v of plan.views) lines.push(`view ${v.name}: ${v.aggregation} ${v.column ?? v.product?.join(' * ') ?? 'rows'} of ${v.table}`);
	return lines.join('\n');
}

const INSTRUCTIONS = [
	'You review a Postgres schema plan designed from an Airbyte source. Suggest at most 20 edits that make it clearer for analysts.',
	'Allowed edits (JSON objects): {"op":"rename_table","table","newName"}, {"op":"rename_column","table","column","newName"},',
	'{"op":"add_index","table","columns":[...],"reason"}, {"op":"describe_table","table","description"},',
	'{"op":"describe_column","table","column","description"}, {"op":"describe_view","view","description"}.',
	'Names are lower_snake_case. Only use tables and columns that exist in the plan. Never write SQL.',
	'Answer with JSON only: {"edits": [...]}.',
].join('\n');

export interface SuggestResult {
	edits: unknown[];
	warnings: string[];
	mode: 'structured' | 'json' | 'failed';
	/** The execution was cancelled while the model was asked. */
	cancelled?: boolean;
}

function textOf(message: unknown): string {
	if (typeof message === 'string') return message;
	const content = (message as { content?: unknown } | null)?.content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : String((p as { text?: unknown })?.text ?? ''))).join('');
	return '';
}

/** Run `call`, giving up after `ms` or when `outer` aborts; the model call gets a signal that aborts too. */
async function bounded<T>(call: (signal: AbortSignal) => Promise<T>, ms: number, runtime: LlmRuntime, outer?: AbortSignal): Promise<T> {
	const controller = new AbortController();
	const abort = () => controller.abort();
	outer?.addEventListener('abort', abort, { once: true });
	const timeout = runtime.sleep(ms, controller.signal).then(
		() => Promise.reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)),
		() => Promise.reject(new Error(outer?.aborted ? 'cancelled' : 'stopped')),
	);
	try {
		return await Promise.race([call(controller.signal), timeout]);
	} finally {
		controller.abort();
		outer?.removeEventListener('abort', abort);
		timeout.catch(() => undefined);
	}
}

export async function suggestPlanEdits(
	model: ChatModelLike,
	plan: SchemaPlan,
	options: { runtime: LlmRuntime; signal?: AbortSignal; timeoutMs?: number },
): Promise<SuggestResult> {
	const messages: ChatMessage[] = [
		['system', INSTRUCTIONS],
		['human', planDigest(plan)],
	];
	const ms = options.timeoutMs ?? 60_000;
	const warnings: string[] = [];
	const editsOf = (value: unknown) => {
		const parsed = planEditsResponseSchema.safeParse(value);
		if (parsed.success) return parsed.data.edits as unknown[];
		const edits = (value as { edits?: unknown } | null)?.edits;
		return Array.isArray(edits) ? edits : undefined;
	};
	if (typeof model.withStructuredOutput === 'function') {
		try {
			const runnable = model.withStructuredOutput(planEditsResponseSchema, { name: 'schema_plan_edits' });
			const value = await bounded((signal) => runnable.invoke(messages, { signal }), ms, options.runtime, options.signal);
			const edits = editsOf(value);
			if (edits) return { edits, warnings, mode: 'structured' };
			warnings.push('Structured answer had no edits array; asked for JSON instead.');
		} catch (error) {
			if (options.signal?.aborted) return { edits: [], warnings, mode: 'failed', cancelled: true };
			warnings.push(`Structured output failed (${String((error as Error)?.message ?? error).slice(0, 160)}); asked for JSON instead.`);
		}
	}
	try {
		const answer = await bounded((signal) => model.invoke(messages, { signal }), ms, options.runtime, options.signal);
		const text = textOf(answer);
		const start = text.indexOf('{');
		const end = text.lastIndexOf('}');
		const edits = start >= 0 && end > start ? editsOf(options.runtime.parseJson(text.slice(start, end + 1))) : undefined;
		if (edits) return { edits, warnings, mode: 'json' };
		warnings.push("The model's answer held no edits.");
	} catch (error) {
		if (options.signal?.aborted) return { edits: [], warnings, mode: 'failed', cancelled: true };
		warnings.push(`The model's suggestions were not used: ${String((error as Error)?.message ?? error).slice(0, 160)}`);
	}
	return { edits: [], warnings, mode: 'failed' };
}
