// Pieces every recipe uses: the alert step, schedules derived from the sync plan, number formatting.
import type { DataContext } from '../context';
import type { StepSpec } from '../workflow/builder';
import { alertParameters, literalText, type AlertFields, type NodeKind, type Schedule } from '../workflow/nodes';
import type { SuggestOptions } from './types';

export const ALERT_NODE = 'Send alert';

const ALERT_NODE_KIND: Record<SuggestOptions['alert']['channel'], NodeKind> = { slack: 'slack', email: 'emailSend', webhook: 'httpRequest' };

/** The alert node; `fields` is structured evidence a webhook alert carries besides the text (ignored by Slack and email, whose text says it). */
export function alertStep(options: SuggestOptions, subject: string, text: string, executeOnce = false, name = ALERT_NODE, fields: AlertFields = {}): StepSpec {
	return {
		kind: ALERT_NODE_KIND[options.alert.channel],
		name,
		parameters: alertParameters(options.alert, `=${literalText(subject)}`, text, fields),
		executeOnce,
	};
}

export function alertWhere(options: SuggestOptions): string {
	switch (options.alert.channel) {
		case 'slack':
			return `Slack ${options.alert.destination}`;
		case 'email':
			return `email to ${options.alert.destination}`;
		case 'webhook':
			return 'the alert webhook (HTTP POST, JSON)';
	}
}

/** Hours between syncs from the sync plan; undefined when the plan has no schedule. */
export function syncIntervalHours(ctx: DataContext): number | undefined {
	const h = ctx.sync?.intervalHours;
	return h && h > 0 ? h : undefined;
}

/** A schedule that runs once per sync interval (at least hourly, at most daily). */
export function perSyncSchedule(ctx: DataContext): Schedule {
	const h = syncIntervalHours(ctx) ?? 24;
	if (h >= 24) return { every: 'day', atHour: 7 };
	return { every: 'hours', hours: Math.max(1, Math.round(h)) };
}

export function fmt(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	const abs = Math.abs(n);
	const digits = abs >= 100 || Number.isInteger(n) ? 0 : abs >= 1 ? 2 : 4;
	return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function pct(rate: number): string {
	return `${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)} %`;
}

/** A block of JS expression text for a Slack/email message that lists the incoming items. */
export function listExpression(lineJs: string, max = 30): string {
	return `{{ $input.all().slice(0, ${max}).map(i => ${lineJs}).join('\\n') }}`;
}

export function toTimestamp(value: number | string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'number') return value > 1e11 ? value : value > 1e8 ? value * 1000 : undefined;
	const t = Date.parse(value);
	return Number.isNaN(t) ? undefined : t;
}
