// Apply the per-column PII policy to values, records and profiles, and scrub PII embedded in free text.

import { createHmac } from 'crypto';

import type { DatasetProfile, FieldProfile } from '../profile/types';
import { piiFor } from './classify';
import { EMBEDDED_PII_PATTERNS } from './validators';
import type { PiiColumn, PiiKind, PiiReport } from './types';

/** Keyed hash: HMAC-SHA256, hex, 16 chars. Equal inputs give equal outputs for the same key (joins survive). */
export function keyedHash(value: string, key: string): string {
	return `h_${createHmac('sha256', key).update(value).digest('hex').slice(0, 16)}`;
}

function maskPart(text: string, keepStart: number): string {
	if (text.length <= keepStart) return '*'.repeat(Math.max(1, text.length));
	return `${text.slice(0, keepStart)}${'*'.repeat(Math.min(8, text.length - keepStart))}`;
}

/** Format-preserving partial mask. */
export function maskValue(kind: PiiKind, value: string): string {
	if (kind === 'email' && value.includes('@')) {
		const [local, domain] = value.split('@', 2);
		const dot = domain.lastIndexOf('.');
		const tld = dot >= 0 ? domain.slice(dot) : '';
		return `${maskPart(local, 1)}@${maskPart(dot >= 0 ? domain.slice(0, dot) : domain, 1)}${tld}`;
	}
	if (kind === 'phone' || kind === 'card_number' || kind === 'iban' || kind === 'bank_account') {
		const digits = value.replace(/\D/g, '').length;
		let seen = 0;
		return value.replace(/[0-9A-Za-z]/g, (char) => {
			seen++;
			return seen > digits - 2 && /\d/.test(char) ? char : '*';
		});
	}
	return maskPart(value, 1);
}

function applyToValue(column: PiiColumn, value: unknown, key: string): unknown {
	if (value === null || value === undefined) return value;
	if (typeof value === 'object') return column.policy === 'hash' ? keyedHash(JSON.stringify(value), key) : '[redacted]';
	const text = String(value);
	switch (column.policy) {
		case 'hash':
			return keyedHash(text, key);
		case 'mask':
			return maskValue(column.kind, text);
		default:
			return '[redacted]';
	}
}

function redactAt(value: unknown, segments: string[], column: PiiColumn, key: string): unknown {
	if (value === null || value === undefined) return value;
	if (segments.length === 0) return applyToValue(column, value, key);
	const [segment, ...rest] = segments;
	if (segment === '[]') return Array.isArray(value) ? value.map((element) => redactAt(element, rest, column, key)) : value;
	if (typeof value !== 'object' || Array.isArray(value)) return value;
	const object = value as Record<string, unknown>;
	if (!(segment in object)) return object;
	const copy: Record<string, unknown> = { ...object };
	if (rest.length === 0 && column.policy === 'drop') delete copy[segment];
	else copy[segment] = redactAt(object[segment], rest, column, key);
	return copy;
}

/** A copy of one record with every PII column of its stream dropped, masked, hashed or replaced. */
export function redactRecord(record: Record<string, unknown>, stream: string, report: PiiReport, key: string): Record<string, unknown> {
	let result: unknown = record;
	for (const column of report.columns) {
		if (column.stream !== stream) continue;
		result = redactAt(result, segmentsOf(column.path), column, key);
	}
	return result as Record<string, unknown>;
}

function segmentsOf(path: string): string[] {
	const segments: string[] = [];
	for (const part of path.split('.')) {
		const name = part.replace(/(\[\])+$/, '');
		if (name) segments.push(name);
		for (let i = 0; i < (part.length - name.length) / 2; i++) segments.push('[]');
	}
	return segments;
}

function redactField(field: FieldProfile, column: PiiColumn, key: string): FieldProfile {
	const copy: FieldProfile = { ...field };
	copy.topK = column.policy === 'hash' || column.policy === 'mask'
		? field.topK.map((top) => ({ value: String(applyToValue(column, top.value, key)), count: top.count }))
		: [];
	delete copy.enumValues;
	delete copy.temporal;
	delete copy.numeric;
	return copy;
}

/** Other fields keep their values, with PII hidden inside free text scrubbed. */
function scrubField(field: FieldProfile): FieldProfile {
	if (field.topK.length === 0 && !field.enumValues) return field;
	const topK = field.topK.map((top) => ({ value: scrubText(top.value), count: top.count }));
	return { ...field, topK, ...(field.enumValues ? { enumValues: field.enumValues.map(scrubText) } : {}) };
}

/**
 * A copy of the profile where PII fields keep only aggregate statistics (values masked or hashed at most)
 * and PII embedded in other fields' values (emails in notes) is scrubbed.
 */
export function redactProfile(profile: DatasetProfile, report: PiiReport, key: string): DatasetProfile {
	if (!report.enabled) return profile;
	return {
		...profile,
		streams: profile.streams.map((stream) => ({
			...stream,
			fields: stream.fields.map((field) => {
				const column = piiFor(report, stream.name, field.path);
				return column ? redactField(field, column, key) : scrubField(field);
			}),
		})),
	};
}

/** Replace PII embedded in free text (emails, IBANs, card numbers, SSNs, IPs, phone numbers) with `[kind]`. */
export function scrubText(text: string): string {
	let result = text;
	for (const { kind, pattern, check } of EMBEDDED_PII_PATTERNS) {
		result = result.replace(pattern, (match) => (!check || check(match) ? `[${kind}]` : match));
	}
	return result;
}
