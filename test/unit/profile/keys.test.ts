import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import { inferDataModel, inferKeys, nameEvidence, singular } from '../../../lib/analysis/keys';
import { profileStreams } from '../../../lib/profile';
import type { StreamSample } from '../../../lib/sample/types';

const stream = (name: string, extra: Partial<AirbyteStream> = {}): AirbyteStream => ({
	name,
	json_schema: { type: 'object', properties: {} },
	supported_sync_modes: ['full_refresh'],
	...extra,
});
const sample = (name: string, records: Array<Record<string, unknown>>, extra: Partial<StreamSample> = {}): StreamSample => ({
	stream: stream(name),
	records,
	status: 'complete',
	...extra,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function keysOf(samples: StreamSample[], options = {}) {
	return inferKeys(profileStreams(samples), samples, options);
}
const fkList = (k: ReturnType<typeof keysOf>) => k.foreignKeys.map((f) => `${f.fromStream}.${f.fromColumns.join('+')}->${f.toStream}.${f.toColumns.join('+')}`).sort();

describe('name evidence', () => {
	it.each([
		['customer_id', 'invoices', 'customers', 'id', 0.9],
		['artist_id', 'album', 'artist', 'artist_id', 1],
		['SupportRepId', 'Customer', 'Employee', 'EmployeeId', 0.6],
		['billing_customer_id', 'invoices', 'customers', 'id', 0.8],
		['reports_to', 'employee', 'employee', 'employee_id', 0.6],
		['customer', 'charges', 'customers', 'id', 0.85],
		['genre_id', 'track', 'media_type', 'media_type_id', 0],
	])('%s in %s -> %s.%s scores %s', (col, from, to, key, score) => {
		expect(nameEvidence(col, from, to, key).score).toBe(score);
	});

	it.each([
		['customers', 'customer'],
		['categories', 'category'],
		['addresses', 'address'],
		['boxes', 'box'],
		['people', 'person'],
		['status', 'status'],
	])('singular(%s) = %s', (plural, one) => expect(singular(plural)).toBe(one));
});

describe('primary keys', () => {
	it('takes the source-defined key', () => {
		const s: StreamSample = { stream: stream('charges', { source_defined_primary_key: [['id']] }), records: [{ id: 'a', n: 1 }, { id: 'a', n: 2 }], status: 'complete' };
		const pk = keysOf([s]).primaryKeys[0];
		expect(pk).toMatchObject({ columns: ['id'], source: 'source_defined', score: 1 });
	});

	it('prefers the id-named column over other unique columns, wherever it sits', () => {
		const recs = range(50).map((i) => ({ name: `n${i}`, bytes: 1000 + i * 37, invoice_id: i }));
		expect(keysOf([sample('invoice', recs)]).primaryKeys[0].columns).toEqual(['invoice_id']);
	});

	it('finds a minimal composite key when no single column is unique', () => {
		const recs = range(40).map((i) => ({ order_id: Math.ceil(i / 4), product_id: ((i - 1) % 4) + 1, quantity: 3 }));
		const pk = keysOf([sample('order_lines', recs)]).primaryKeys[0];
		expect(pk.columns).toEqual(['order_id', 'product_id']);
	});

	it('uses time columns inside composite keys', () => {
		const recs = range(30).map((i) => ({ emp_no: Math.ceil(i / 3), salary: 100, from_date: `2020-0${((i - 1) % 3) + 1}-01` }));
		expect(keysOf([sample('salaries', recs)]).primaryKeys[0].columns).toEqual(['emp_no', 'from_date']);
	});

	it('takes a natural code key and references to it', () => {
		const countries = sample('countries', ['US', 'DE', 'FR', 'GB', 'IT'].map((code) => ({ code, name: `country ${code}` })));
		const customers = sample('customers', range(30).map((i) => ({ id: i, country_code: ['US', 'DE', 'FR', 'GB'][i % 4] })));
		const k = keysOf([countries, customers]);
		expect(k.primaryKeys[0].columns).toEqual(['code']);
		expect(fkList(k)).toEqual(['customers.country_code->countries.code']);
	});

	it('reports no key rather than a unique free-text column in a log', () => {
		const recs = range(20).map((i) => ({ message: `event number ${i} happened`, level: 'info' }));
		expect(keysOf([sample('logs', recs)]).primaryKeys[0].source).toBe('none');
	});

	it('guesses from names for a stream without data', () => {
		const s: StreamSample = {
			stream: stream('customer_demographics', { json_schema: { type: 'object', properties: { customer_type_id: { type: 'string' }, customer_desc: { type: 'string' } } } }),
			records: [],
			status: 'schema_only',
		};
		expect(keysOf([s]).primaryKeys[0]).toMatchObject({ columns: ['customer_type_id'], source: 'inferred' });
	});
});

describe('foreign keys', () => {
	/** Five small lookup streams with ids 1..n and a fact stream whose columns fit inside all of them. */
	function smallIntegerWorld(): StreamSample[] {
		const lookups = ['genre', 'media_type', 'region', 'shipper', 'playlist'].map((name, k) =>
			sample(name, range(10 + k * 5).map((i) => ({ [`${name}_id`]: i, name: `${name} ${i}` }))),
		);
		const facts = sample(
			'track',
			range(500).map((i) => ({ track_id: i, genre_id: (i % 10) + 1, milliseconds: 1000 + i, rating: (i % 5) + 1, disc_number: (i % 2) + 1 })),
		);
		return [...lookups, facts];
	}

	it('avoids the small-integer trap: inclusion without name evidence is not a reference', () => {
		const k = keysOf(smallIntegerWorld());
		expect(fkList(k)).toEqual(['track.genre_id->genre.genre_id']);
	});

	it('explains and scores each reference', () => {
		const fk = keysOf(smallIntegerWorld()).foreignKeys[0];
		expect(fk.score).toBeGreaterThan(0.9);
		expect(fk.kind).toBe('many_to_one');
		expect(fk.evidence).toMatchObject({ inclusion: 1, nameScore: 1, typeCompatible: true, childUnique: false, approximate: false });
		expect(fk.explanation).toMatch(/100% of 10 distinct track.genre_id values found in genre.genre_id/);
	});

	it('finds references by role names and self references', () => {
		const employees = sample('employee', range(8).map((i) => ({ employee_id: i, reports_to: i === 1 ? null : Math.ceil(i / 3), last_name: `L${i}` })));
		const customers = sample('customer', range(60).map((i) => ({ customer_id: i, SupportRepId: (i % 3) + 3 })));
		const media = sample('media_type', range(5).map((i) => ({ media_type_id: i, name: `m${i}` })));
		const k = keysOf([employees, customers, media]);
		expect(fkList(k)).toEqual(['customer.SupportRepId->employee.employee_id', 'employee.reports_to->employee.employee_id']);
		expect(k.foreignKeys.find((f) => f.fromColumns[0] === 'reports_to')!.kind).toBe('self');
	});

	it('accepts string ids without name evidence when only one key holds them', () => {
		const customers = sample('customers', ['ALFKI', 'ANATR', 'BERGS', 'VINET', 'TOMSP'].map((id) => ({ id, company: `${id} Ltd` })));
		const orders = sample('orders', range(30).map((i) => ({ id: i, buyer_ref: ['ALFKI', 'VINET', 'TOMSP', 'BERGS'][i % 4] })));
		expect(fkList(keysOf([customers, orders]))).toEqual(['orders.buyer_ref->customers.id']);
	});

	it('never reads a measure as a reference', () => {
		const orders = sample('orders', range(100).map((i) => ({ order_id: i })));
		const customers = sample('customers', range(50).map((i) => ({ customer_id: i, order_count: (i % 40) + 1 })));
		expect(fkList(keysOf([orders, customers]))).toEqual([]);
	});

	it('scores inclusion against a partial parent relative to its sample', () => {
		const customers = sample('customers', range(200).map((i) => ({ id: i })), { status: 'partial', totalRecords: 1000 });
		const orders = sample('orders', range(300).map((i) => ({ id: i, customer_id: ((i * 7) % 1000) + 1 })));
		const k = keysOf([customers, orders]);
		expect(fkList(k)).toEqual(['orders.customer_id->customers.id']);
		expect(k.foreignKeys[0].evidence.parentCompleteness).toBe(0.2);
		expect(k.foreignKeys[0].explanation).toMatch(/partial sample/);
	});

	it('keeps working past the exact value cap (Bloom filter), and says so', () => {
		const users = sample('users', range(3000).map((i) => ({ id: i })));
		const events = sample('events', range(6000).map((i) => ({ id: i, user_id: ((i * 13) % 3000) + 1 })));
		const k = keysOf([users, events], { exactValueCap: 500 });
		expect(k.primaryKeys.map((p) => p.columns)).toEqual([['id'], ['id']]);
		expect(fkList(k)).toEqual(['events.user_id->users.id']);
		expect(k.foreignKeys[0].evidence.approximate).toBe(true);
	});

	it('rejects references whose values are mostly missing from the parent', () => {
		const customers = sample('customers', range(20).map((i) => ({ id: i })));
		const orders = sample('orders', range(50).map((i) => ({ id: i, customer_id: i })));
		expect(fkList(keysOf([customers, orders]))).toEqual([]);
	});
});

describe('prefixed names and multi-column references (TPC-H style)', () => {
	it('reads glued key suffixes and table prefixes, and finds a composite foreign key by tuple inclusion', () => {
		const part = sample('part', range(40).map((i) => ({ p_partkey: i, p_name: `part ${i}` })));
		const supplier = sample('supplier', range(10).map((i) => ({ s_suppkey: i, s_name: `supplier ${i}` })));
		const partsupp = sample('partsupp', range(40).flatMap((p) => [1, 2].map((k) => ({ ps_partkey: p, ps_suppkey: ((p + k) % 10) + 1, ps_availqty: p * k }))));
		const lineitem = sample(
			'lineitem',
			range(300).map((i) => {
				const p = (i % 40) + 1;
				return { l_orderkey: Math.ceil(i / 4), l_linenumber: ((i - 1) % 4) + 1, l_partkey: p, l_suppkey: ((p + 1 + (i % 2)) % 10) + 1, l_quantity: 5 };
			}),
		);
		const k = keysOf([part, supplier, partsupp, lineitem]);
		expect(k.primaryKeys.map((p) => p.columns)).toEqual([['p_partkey'], ['s_suppkey'], ['ps_partkey', 'ps_suppkey'], ['l_orderkey', 'l_linenumber']]);
		expect(fkList(k)).toEqual([
			'lineitem.l_partkey+l_suppkey->partsupp.ps_partkey+ps_suppkey',
			'lineitem.l_partkey->part.p_partkey',
			'lineitem.l_suppkey->supplier.s_suppkey',
			'partsupp.ps_partkey->part.p_partkey',
			'partsupp.ps_suppkey->supplier.s_suppkey',
		]);
	});
});

describe('many-to-many and child entities', () => {
	it('marks a stream keyed by two references as a junction', () => {
		const playlists = sample('playlist', range(5).map((i) => ({ playlist_id: i })));
		const tracks = sample('track', range(30).map((i) => ({ track_id: i })));
		const links = sample('playlist_track', range(60).map((i) => ({ playlist_id: (i % 5) + 1, track_id: Math.ceil(i / 2), position: i })));
		const samples = [playlists, tracks, links];
		const k = keysOf(samples);
		expect(k.primaryKeys[2].columns).toEqual(['playlist_id', 'track_id']);
		expect(k.manyToMany).toEqual([
			expect.objectContaining({ via: 'junction', stream: 'playlist_track', left: { stream: 'playlist', columns: ['playlist_id'] }, right: { stream: 'track', columns: ['track_id'] }, payloadColumns: ['position'] }),
		]);
		const model = inferDataModel(profileStreams(samples), samples);
		expect(model.streams.find((s) => s.name === 'playlist_track')!.role).toBe('junction');
	});

	it('finds arrays of ids (many-to-many) and nested arrays of objects (child entities)', () => {
		const tags = sample('tags', range(12).map((i) => ({ id: i, label: `tag ${i}` })));
		const posts = sample(
			'posts',
			range(40).map((i) => ({
				id: i,
				tag_ids: [(i % 12) + 1, ((i + 5) % 12) + 1],
				comments: [{ comment_id: i * 10, body: 'hi' }, { comment_id: i * 10 + 1, body: 'yo' }],
			})),
		);
		const samples = [tags, posts];
		const k = keysOf(samples);
		expect(k.manyToMany).toEqual([expect.objectContaining({ via: 'array_of_ids', stream: 'posts', columns: ['tag_ids'], right: { stream: 'tags', columns: ['id'] } })]);
		expect(k.childEntities).toEqual([
			expect.objectContaining({ parentStream: 'posts', path: 'comments', parentKey: ['id'], elementKey: ['comment_id'], fields: ['comment_id', 'body'], elements: 80 }),
		]);
		const model = inferDataModel(profileStreams(samples), samples);
		const posts2 = model.streams.find((s) => s.name === 'posts')!;
		expect(posts2.columns.find((c) => c.name === 'tag_ids')!.pgType).toBe('bigint[]');
		expect(posts2.columns.find((c) => c.name === 'comments')!.pgType).toBe('jsonb');
		expect(model.childEntities![0].columns.map((c) => [c.name, c.pgType])).toEqual([
			['comment_id', 'bigint'],
			['body', 'text'],
		]);
	});
});
