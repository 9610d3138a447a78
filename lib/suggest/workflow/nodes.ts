// The node types our generated workflows use, with the typeVersions n8n 2.41 ships (checked against
// n8n-nodes-base 2.41.1) and parameter shapes valid for exactly those versions. Nothing outside this table
// can appear in a suggested workflow.
import type { Json, Parameters } from './types';

export const NODE_TYPES = {
	scheduleTrigger: { type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2 },
	postgres: { type: 'n8n-nodes-base.postgres', typeVersion: 2.6 },
	if: { type: 'n8n-nodes-base.if', typeVersion: 2.2 },
	slack: { type: 'n8n-nodes-base.slack', typeVersion: 2.3 },
	emailSend: { type: 'n8n-nodes-base.emailSend', typeVersion: 2.1 },
	httpRequest: { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 },
	stickyNote: { type: 'n8n-nodes-base.stickyNote', typeVersion: 1 },
	airbyteTrigger: { type: 'n8n-nodes-airbyte-onboarding.airbyteTrigger', typeVersion: 1 },
} as const;

export type NodeKind = keyof typeof NODE_TYPES;

/** Credential placeholders: on import n8n asks the user to pick their own credential of that type. */
export const CREDENTIALS: Record<string, Record<string, { id: string; name: string }>> = {
	postgres: { postgres: { id: '', name: 'Tenant Postgres' } },
	slack: { slackApi: { id: '', name: 'Slack' } },
	emailSend: { smtp: { id: '', name: 'SMTP' } },
	airbyteTrigger: { airbyteApi: { id: '', name: 'Airbyte' } },
};

export type Schedule =
	| { every: 'hours'; hours: number }
	| { every: 'day'; atHour: number }
	| { every: 'week'; weekday: number; atHour: number }
	| { every: 'cron'; expression: string };

export function scheduleParameters(schedule: Schedule): Parameters {
	switch (schedule.every) {
		case 'hours':
			return { rule: { interval: [{ field: 'hours', hoursInterval: schedule.hours }] } };
		case 'day':
			return { rule: { interval: [{ field: 'days', daysInterval: 1, triggerAtHour: schedule.atHour }] } };
		case 'week':
			return {
				rule: {
					interval: [{ field: 'weeks', weeksInterval: 1, triggerAtDay: [schedule.weekday], triggerAtHour: schedule.atHour }],
				},
			};
		case 'cron':
			return { rule: { interval: [{ field: 'cronExpression', expression: schedule.expression }] } };
	}
}

export function describeSchedule(schedule: Schedule): string {
	const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
	switch (schedule.every) {
		case 'hours':
			return schedule.hours === 1 ? 'every hour' : `every ${schedule.hours} hours`;
		case 'day':
			return `every day at ${String(schedule.atHour).padStart(2, '0')}:00`;
		case 'week':
			return `every ${days[schedule.weekday]} at ${String(schedule.atHour).padStart(2, '0')}:00`;
		case 'cron':
			return `on the cron schedule ${schedule.expression}`;
	}
}

/** A JSON array as an n8n expression, with braces escaped so `}}` in a value cannot end the expression. */
export function arrayExpression(values: Array<string | number>): string {
	const json = JSON.stringify(values).replace(/[{}]/g, (c) => (c === '{' ? '\\u007b' : '\\u007d'));
	return `={{ ${json} }}`;
}

export function postgresQueryParameters(query: string, values: Array<string | number> = []): Parameters {
	const options: { [k: string]: Json } = values.length ? { queryReplacement: arrayExpression(values) } : {};
	return { operation: 'executeQuery', query, options };
}

export type AlertChannel = 'slack' | 'email' | 'webhook';

export interface AlertTarget {
	channel: AlertChannel;
	/** Slack channel name (e.g. `#data-alerts`), the recipient address(es), or the webhook URL that receives a JSON POST. */
	destination: string;
	fromEmail?: string;
}

/** Structured evidence an alert carries besides its text: JSON field name -> n8n expression or literal. */
export type AlertFields = Record<string, string>;

/**
 * Parameters of the alert node; `text` and `subject` are n8n expressions (start with `=`). A webhook alert
 * POSTs JSON `{ text, subject, ...fields }` (Slack/Teams/Mattermost incoming webhooks read `text`; an
 * on-call tool or your own endpoint can read the fields).
 */
export function alertParameters(target: AlertTarget, subject: string, text: string, fields: AlertFields = {}): Parameters {
	if (target.channel === 'webhook') {
		const parameters = [
			{ name: 'text', value: text },
			{ name: 'subject', value: subject },
			...Object.entries(fields).map(([name, value]) => ({ name, value })),
		];
		return {
			method: 'POST',
			url: target.destination,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters },
			options: {},
		};
	}
	if (target.channel === 'slack') {
		return {
			select: 'channel',
			channelId: { __rl: true, value: target.destination, mode: 'name' },
			text,
			otherOptions: {},
		};
	}
	return {
		fromEmail: target.fromEmail ?? 'n8n@example.com',
		toEmail: target.destination,
		subject,
		emailFormat: 'text',
		text,
		options: {},
	};
}

/** Text for an expression string: n8n only evaluates `{{ }}`, so literal braces in data are neutralised. */
export function literalText(text: string): string {
	return text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}

export function ifParameters(left: string, operation: 'gt' | 'gte' | 'lt' | 'notEquals' | 'equals' | 'exists', right: Json, type: 'number' | 'string' | 'boolean' = 'number'): Parameters {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [
				{
					id: 'c0ffee00-0000-4000-8000-000000000001',
					leftValue: left,
					rightValue: right,
					operator: operation === 'exists' ? { type, operation, singleValue: true } : { type, operation },
				},
			],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	};
}

export type AirbyteJobEvent = 'succeeded' | 'failed' | 'cancelled';

/**
 * Parameters of our Airbyte Trigger (nodes/AirbyteTrigger): watch one connection's sync jobs and emit the
 * given outcomes. Without a known connection id the locator is left on "From List" for the user to pick.
 */
export function airbyteTriggerParameters(connectionId: string | undefined, events: AirbyteJobEvent[]): Parameters {
	return {
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		watch: 'connection',
		connectionId: connectionId ? { __rl: true, mode: 'id', value: connectionId } : { __rl: true, mode: 'list', value: '' },
		events,
		jobType: 'sync',
	};
}
