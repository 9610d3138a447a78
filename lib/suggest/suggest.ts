// Workflow Suggester: runs every recipe over the data, ranks what applies, and renders each offer as a
// complete n8n workflow. A connected model may only reorder offers and add validated reasons.
import { buildContext, type DataContext } from './context';
import type { SuggestInput } from './inputs';
import { offerId, rankWithModel, type ChatModelLike } from './llm';
import { RECIPES, type Offer, type RecipeId, type SuggestOptions } from './recipes';
import { buildWorkflow } from './workflow/builder';
import type { WorkflowJson } from './workflow/types';

export interface Suggestion {
	id: string;
	recipe: RecipeId;
	rank: number;
	score: number;
	title: string;
	/** The evidence from the data or sync history, as one paragraph. */
	why: string;
	evidence: string[];
	trigger: string;
	steps: string[];
	workflow: WorkflowJson;
	/** The model's reason, when a model ranked the suggestions. */
	modelReason?: string;
}

export interface NotOffered {
	recipe: RecipeId;
	title: string;
	reason: string;
}

export interface SuggestResult {
	suggestions: Suggestion[];
	notOffered: NotOffered[];
	warnings: string[];
	llm: { used: boolean };
}

export const DEFAULT_OPTIONS: Omit<SuggestOptions, 'now'> = {
	alert: { channel: 'slack', destination: '#data-alerts' },
	digestSchedule: { every: 'week', weekday: 1, atHour: 8 },
	anomalyZ: 3,
	renewalDays: 14,
	maxPerRecipe: 2,
};

export interface SuggestRequest extends SuggestInput {
	options?: Partial<SuggestOptions>;
	/** Only these recipes (default all). */
	recipes?: RecipeId[];
	/** Keep at most this many suggestions. */
	limit?: number;
	/** Schema of the modelled tables when no schema plan is given. */
	schema?: string;
}

export function collectOffers(ctx: DataContext, options: SuggestOptions, only?: RecipeId[]): { offers: Offer[]; notOffered: NotOffered[] } {
	const offers: Offer[] = [];
	const notOffered: NotOffered[] = [];
	for (const recipe of RECIPES) {
		if (only && !only.includes(recipe.id)) continue;
		const made = recipe.offer(ctx, options);
		if (made.length) offers.push(...made);
		else notOffered.push({ recipe: recipe.id, title: recipe.title, reason: `Not supported by this data: needs ${recipe.requires}.` });
	}
	return { offers, notOffered };
}

function toSuggestion(o: Offer, rank: number, modelReason?: string): Suggestion {
	return {
		id: offerId(o),
		recipe: o.recipe,
		rank,
		score: Math.round(o.score * 1000) / 1000,
		title: o.title,
		why: o.why.join(' '),
		evidence: o.why,
		trigger: o.trigger,
		steps: o.steps,
		workflow: buildWorkflow(o.graph),
		...(modelReason ? { modelReason } : {}),
	};
}

export async function suggestWorkflows(request: SuggestRequest, model?: ChatModelLike): Promise<SuggestResult> {
	const options: SuggestOptions = { ...DEFAULT_OPTIONS, now: Date.now(), ...request.options };
	const ctx = buildContext(request, request.schema);
	const { offers, notOffered } = collectOffers(ctx, options, request.recipes);
	offers.sort((a, b) => b.score - a.score || offerId(a).localeCompare(offerId(b)));
	const warnings: string[] = [];
	let ordered = offers;
	let reasons = new Map<string, string>();
	if (model && offers.length > 1) {
		const ranked = await rankWithModel(model, ctx, offers);
		warnings.push(...ranked.warnings);
		reasons = ranked.reasons;
		const pos = new Map(ranked.order.map((id, i) => [id, i]));
		ordered = [...offers].sort((a, b) => (pos.get(offerId(a)) ?? 1e6) - (pos.get(offerId(b)) ?? 1e6));
	}
	const limited = request.limit && request.limit > 0 ? ordered.slice(0, request.limit) : ordered;
	return {
		suggestions: limited.map((o, i) => toSuggestion(o, i + 1, reasons.get(offerId(o)))),
		notOffered,
		warnings,
		llm: { used: Boolean(model && offers.length > 1) },
	};
}
