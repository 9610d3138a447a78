// Deterministic records of 20 top-level fields (one nested object), shaped like a typical SaaS "orders"
// stream: ids, uuid, email, names, enums, money, timestamps, codes, booleans, free text, some nulls.
// Record i depends only on i, so any batch can be generated on its own.

import type { AirbyteStream } from '../../lib/airbyte/protocol';

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dmitri', 'Eve', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Mia', 'Noor', 'Omar', 'Priya'];
const LAST = ['Silva', 'Smith', 'Martin', 'Ivanov', 'Okafor', 'Tanaka', 'Garcia', 'Novak', 'Khan', 'Larsen', 'Rossi', 'Dubois'];
const STATUS = ['pending', 'paid', 'shipped', 'delivered', 'refunded'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'BR', 'JP', 'IN', 'NG', 'CA', 'AU'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'BRL', 'JPY'];
const CHANNELS = ['web', 'mobile', 'store', 'partner'];
const WORDS = ['fast', 'delivery', 'gift', 'wrap', 'please', 'call', 'before', 'door', 'left', 'side', 'thanks', 'fragile', 'weekend', 'office'];
const CITIES = ['Lisbon', 'London', 'Berlin', 'Paris', 'Recife', 'Osaka', 'Pune', 'Lagos', 'Toronto', 'Perth'];
const BASE_MS = Date.UTC(2023, 0, 1);

function hex(rand: () => number, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
	return s;
}

export function makeRecord(i: number): Record<string, unknown> {
	const r = mulberry32(i * 2654435761 + 17);
	const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
	const first = pick(FIRST);
	const last = pick(LAST);
	const created = BASE_MS + Math.floor(r() * 700 * 86_400_000);
	const words = 3 + Math.floor(r() * 8);
	let note = '';
	for (let w = 0; w < words; w++) note += (w ? ' ' : '') + pick(WORDS);
	return {
		id: i + 1,
		uuid: `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`,
		customer_id: 1 + Math.floor(r() * 50_000),
		email: `${first.toLowerCase()}.${last.toLowerCase()}${Math.floor(r() * 1000)}@example.com`,
		first_name: first,
		last_name: last,
		status: pick(STATUS),
		amount: Math.round(r() * 100_000) / 100,
		quantity: 1 + Math.floor(r() * 20),
		discount: r() < 0.3 ? null : Math.round(r() * 5000) / 100,
		currency: pick(CURRENCIES),
		country: pick(COUNTRIES),
		channel: pick(CHANNELS),
		is_gift: r() < 0.1,
		created_at: new Date(created).toISOString(),
		updated_at: new Date(created + Math.floor(r() * 30 * 86_400_000)).toISOString(),
		score: r() < 0.05 ? null : Math.round(r() * 1000) / 1000,
		website: `https://shop${Math.floor(r() * 500)}.example.org/p/${Math.floor(r() * 1e6)}`,
		note: r() < 0.4 ? null : note,
		address: { city: pick(CITIES), zip: String(10000 + Math.floor(r() * 89999)) },
	};
}

/**
 * Records as a sampler hands them over: each one serialised and parsed as JSON, like a line of Airbyte's
 * JSONL output. Strings built by template literals are V8 cons strings; left so, the first implementation to
 * read their characters would pay V8's flattening of the generator's strings, a cost no parsed record has.
 */
export function makeBatch(start: number, size: number): Array<Record<string, unknown>> {
	const out = new Array<Record<string, unknown>>(size);
	for (let k = 0; k < size; k++) out[k] = JSON.parse(JSON.stringify(makeRecord(start + k))) as Record<string, unknown>;
	return out;
}

const str = { type: 'string' } as const;
const strNull = { type: ['null', 'string'] } as const;
const num = { type: ['null', 'number'] } as const;
const int = { type: ['null', 'integer'] } as const;

export const BENCH_STREAM: AirbyteStream = {
	name: 'orders',
	json_schema: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			uuid: str,
			customer_id: int,
			email: strNull,
			first_name: strNull,
			last_name: strNull,
			status: strNull,
			amount: num,
			quantity: int,
			discount: num,
			currency: strNull,
			country: strNull,
			channel: strNull,
			is_gift: { type: ['null', 'boolean'] },
			created_at: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
			updated_at: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
			score: num,
			website: strNull,
			note: strNull,
			address: { type: ['null', 'object'], properties: { city: strNull, zip: strNull } },
		},
	},
	supported_sync_modes: ['full_refresh', 'incremental'],
	source_defined_primary_key: [['id']],
	default_cursor_field: ['updated_at'],
} as unknown as AirbyteStream;
