// The sample ticket travels inside readSql as a base64 literal and comes back in the Postgres node's row.
// Base64 has no quote, dollar or brace, so it is inert in SQL text, pg-promise formatting and n8n expressions.
import type { SampleTicket } from './types';

export function encodeTicket(ticket: SampleTicket): string {
	return Buffer.from(JSON.stringify(ticket), 'utf8').toString('base64');
}

export function decodeTicket(encoded: unknown): SampleTicket | undefined {
	if (typeof encoded !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(encoded)) return undefined;
	try {
		const value = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Partial<SampleTicket>;
		if (
			value?.v !== 1 ||
			typeof value.runId !== 'string' ||
			typeof value.connectionId !== 'string' ||
			typeof value.namespace !== 'string' ||
			typeof value.table !== 'string' ||
			typeof value.stream?.name !== 'string'
		) {
			return undefined;
		}
		return value as SampleTicket;
	} catch {
		return undefined;
	}
}
