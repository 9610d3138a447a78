import type { DataContext } from '../context';
import type { AlertTarget, Schedule } from '../workflow/nodes';
import type { GraphSpec } from '../workflow/builder';

export type RecipeId =
	| 'sync_failure_alert'
	| 'post_sync_transform'
	| 'data_quality_monitor'
	| 'kpi_digest'
	| 'kpi_anomaly_alert'
	| 'high_value_record_alert'
	| 'stale_data_alert'
	| 'renewal_reminder';

export interface SuggestOptions {
	alert: AlertTarget;
	/** Airbyte connection the trigger watches (the production connection). */
	connectionId?: string;
	digestSchedule: Schedule;
	/** |z| at or above which a KPI day counts as an anomaly. */
	anomalyZ: number;
	/** Days ahead a renewal reminder looks. */
	renewalDays: number;
	/** Upper bound of offers per recipe (e.g. one anomaly alert per KPI). */
	maxPerRecipe: number;
	/** Clock for evidence such as data age (ms since epoch). */
	now: number;
}

/** One concrete suggestion a recipe makes for this data, before ranking. */
export interface Offer {
	recipe: RecipeId;
	/** Distinguishes several offers of one recipe, e.g. the stream it watches. */
	key: string;
	title: string;
	why: string[];
	trigger: string;
	steps: string[];
	/** 0..1: how strongly the data supports it and how useful it is. */
	score: number;
	graph: GraphSpec;
	/** Streams and columns the offer reads, for validation of any model-chosen focus. */
	uses: Array<{ stream: string; column?: string }>;
}

export interface Recipe {
	id: RecipeId;
	title: string;
	/** What the recipe needs from the data, shown when it is not offered. */
	requires: string;
	offer(ctx: DataContext, options: SuggestOptions): Offer[];
}
