import type { DataContext } from '../context';
import { hasExpressionMarkers } from '../sql';
import { airbyteTriggerParameters, postgresQueryParameters } from '../workflow/nodes';
import { alertStep, alertWhere } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

const JOB = "$('Airbyte sync succeeded').item.json";
/** The Postgres node's error item carries the message at the top level or inside `error`. */
const ERROR = '$json.message || ($json.error && $json.error.message) || $json.error';

export const postSyncTransform: Recipe = {
	id: 'post_sync_transform',
	title: 'Post-sync transform runner',
	requires: "the Schema Designer's transform SQL",
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const sql = ctx.transformSql?.trim();
		// n8n's Postgres node evaluates {{ }} in query text, so SQL containing it cannot be embedded verbatim.
		if (!sql || hasExpressionMarkers(sql)) return [];
		const tables = ctx.tables.length;
		const statements = sql.split(/;\s*\n/).filter((s) => s.trim()).length;
		const why = [
			`Airbyte loads raw tables; the schema plan's transform SQL (${statements} statements) upserts them into the ${tables} modelled tables${ctx.schema ? ` of schema "${ctx.schema}"` : ''}, which dashboards and the other suggestions read.`,
			'It is idempotent, so running it after every successful sync keeps the modelled tables current without double counting.',
		];
		const name = buildWorkflowSpecName('Run transforms after each sync');
		return [
			{
				recipe: 'post_sync_transform',
				key: 'transforms',
				title: 'Run the transforms after each successful sync',
				why,
				trigger: 'Airbyte Trigger: a job of the production connection succeeded',
				steps: ['Airbyte Trigger emits each succeeded job once', 'Postgres runs the transform SQL (one transaction)', `On error, send the error to ${alertWhere(options)}`],
				score: 0.97,
				uses: [],
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nAfter every **successful** sync, the Postgres node runs the Schema Designer's transform SQL, which upserts the modelled tables from Airbyte's raw tables. It is safe to re-run. If it fails, the error output sends an alert.\n\nSet the Airbyte and Postgres credentials (the tenant's read/write role).`,
					steps: [
						{ kind: 'airbyteTrigger', name: 'Airbyte sync succeeded', parameters: airbyteTriggerParameters(options.connectionId, ['succeeded']) },
						{
							kind: 'postgres',
							name: 'Run transforms',
							// The transform SQL brings its own BEGIN/COMMIT; one query string is one implicit transaction anyway.
							parameters: postgresQueryParameters(sql),
							onError: 'continueErrorOutput',
							executeOnce: true,
						},
						alertStep(
							options,
							'Transforms failed after an Airbyte sync',
							`=:warning: Transforms failed after Airbyte job {{ ${JOB}.jobId }}: {{ ${ERROR} }}`,
							false,
							undefined,
							{
								event: 'airbyte_transform_failed',
								error: `={{ ${ERROR} }}`,
								connectionId: `={{ ${JOB}.connectionId }}`,
								jobId: `={{ ${JOB}.jobId }}`,
							},
						),
					],
					edges: [
						{ from: 'Airbyte sync succeeded', to: 'Run transforms' },
						{ from: 'Run transforms', to: 'Send alert', output: 1 },
					],
				},
			},
		];
	},
};
