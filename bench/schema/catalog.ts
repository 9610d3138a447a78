// A generated catalog of 51 streams, one of them with 342 properties (a HubSpot-contacts-like stream of
// string-typed properties), plus a few deterministic records per stream with ids and parent references.

import type { AirbyteStream } from '../../lib/airbyte/protocol';
import type { StreamSample } from '../../lib/sample/types';

const WIDE = 'contacts';
const NAMES = ['accounts', 'orders', 'order_items', 'products', 'invoices', 'payments', 'tickets', 'users', 'teams', 'projects'];

function streamName(k: number): string {
	return k === 0 ? WIDE : `${NAMES[(k - 1) % NAMES.length]}_${Math.ceil(k / NAMES.length)}`;
}

export function generatedSamples(streams = 51, wideProperties = 342, recordsPerStream = 20): StreamSample[] {
	const out: StreamSample[] = [];
	for (let k = 0; k < streams; k++) {
		const name = streamName(k);
		const props: Record<string, unknown> = {
			id: { type: 'integer' },
			created_at: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
			updated_at: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
			name: { type: ['null', 'string'] },
			status: { type: ['null', 'string'] },
			amount: { type: ['null', 'number'] },
		};
		const parent = k > 1 ? streamName(k - 1) : undefined;
		if (parent) props[`${parent}_id`] = { type: ['null', 'integer'] };
		const width = k === 0 ? wideProperties : 12 + (k % 9);
		for (let p = Object.keys(props).length; p < width - 1; p++) props[`property_${p}`] = { type: ['null', 'string'] };
		props.metadata = { type: ['null', 'object'], properties: { source: { type: ['null', 'string'] }, tags: { type: ['null', 'array'], items: { type: 'string' } } } };
		const stream = {
			name,
			json_schema: { type: 'object', properties: props },
			supported_sync_modes: ['full_refresh', 'incremental'],
			source_defined_cursor: true,
			default_cursor_field: ['updated_at'],
			source_defined_primary_key: [['id']],
		} as unknown as AirbyteStream;
		const records: Array<Record<string, unknown>> = [];
		for (let i = 1; i <= recordsPerStream; i++) {
			const r: Record<string, unknown> = {
				id: i,
				created_at: new Date(Date.UTC(2025, 0, i)).toISOString(),
				updated_at: new Date(Date.UTC(2025, 1, i)).toISOString(),
				name: `${name} ${i}`,
				status: ['active', 'closed', 'pending'][i % 3],
				amount: (i * 37) % 1000 + 0.5,
			};
			if (parent) r[`${parent}_id`] = 1 + ((i * 7) % recordsPerStream);
			for (const p of Object.keys(props)) if (p.startsWith('property_')) r[p] = (i + p.length) % 4 === 0 ? null : `${p} value ${i % 5}`;
			r.metadata = { source: 'bench', tags: ['a', `t${i % 3}`] };
			records.push(r);
		}
		out.push({ stream, records, status: 'complete', totalRecords: records.length });
	}
	return out;
}
