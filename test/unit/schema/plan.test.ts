// Planning rules, naming, quoting and plan edits (no database).
import fc from 'fast-check';
import {
	airbyteColumnNames,
	applyPlanEdits,
	buildSchemaPlan,
	erDiagramSvg,
	mermaidErDiagram,
	modelName,
	parseSchemaPlan,
	quoteIdent,
	quoteLiteral,
	renderPlanMigration,
	SchemaPlanError,
} from '../../../lib/schema';
import { dataModelFromGroundTruth, loadDatasetCatalog } from './ground-truth';

describe('names', () => {
	it("matches Airbyte's column collision resolution (case-insensitive, `_1` suffixes through normalisation)", () => {
		const names = airbyteColumnNames(['Name', 'name', 'na me', 'na-me', '1st', 'é']);
		expect([...names.values()]).toEqual(['Name', 'name_1', 'na_me', 'na_me_1', '_1st', 'e']);
	});

	it('makes modelled names lower-case, ASCII, <= 63 bytes', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
				const n = modelName(s);
				expect(n).toMatch(/^[a-z_][a-z0-9_]*$/);
				expect(n.length).toBeLessThanOrEqual(63);
			}),
		);
	});

	it('quotes identifiers and literals so they cannot end early', () => {
		expect(quoteIdent('a"b')).toBe('"a""b"');
		expect(quoteLiteral("it's \\ $$")).toBe("E'it''s \\\\ \\u0024\\u0024'");
		expect(quoteIdent('{{x}}')).toBe('U&"\\007B\\007Bx\\007D\\007D"');
		expect(() => quoteIdent('x'.repeat(64))).toThrow(/63 bytes/);
		expect(() => quoteIdent('')).toThrow(/Empty/);
	});
});

describe('plan', () => {
	const model = dataModelFromGroundTruth('chinook');
	const catalog = loadDatasetCatalog('chinook');

	it('is deterministic and valid JSON that round-trips through the zod schema', () => {
		const a = buildSchemaPlan({ model, catalog, options: { tenantId: 'acme' } });
		const b = buildSchemaPlan({ model, catalog, options: { tenantId: 'acme' } });
		expect(a).toEqual(b);
		expect(parseSchemaPlan(JSON.parse(JSON.stringify(a)))).toEqual(a);
		expect(renderPlanMigration(a).sql).toBe(renderPlanMigration(b).sql);
	});

	it('keys, relationships, indexes and audit columns', () => {
		const plan = buildSchemaPlan({ model, catalog, options: { tenantId: 'acme' } });
		const track = plan.tables.find((t) => t.name === 'track')!;
		expect(track.primaryKey.columns).toEqual(['track_id']);
		expect(track.foreignKeys.map((f) => f.refTable).sort()).toEqual(['album', 'genre', 'media_type']);
		expect(track.indexes.map((i) => i.columns[0]).sort()).toEqual(['album_id', 'genre_id', 'media_type_id']);
		expect(track.columns.filter((c) => c.system).map((c) => c.name)).toEqual(['created_at', 'updated_at', '_synced_at']);
		const playlistTrack = plan.tables.find((t) => t.name === 'playlist_track')!;
		// The key (playlist_id, track_id) already indexes playlist_id: only track_id gets an index.
		expect(playlistTrack.indexes.map((i) => i.columns)).toEqual([['track_id']]);
		const invoice = plan.tables.find((t) => t.name === 'invoice')!;
		expect(invoice.indexes.map((i) => i.columns[0])).toContain('invoice_date');
	});

	it('enforces only relationships at or above the score threshold, documenting the rest', () => {
		const weak = { ...model, foreignKeys: model.foreignKeys.map((f) => ({ ...f, score: f.fromStream === 'album' ? 0.4 : f.score })) };
		const plan = buildSchemaPlan({ model: weak, catalog, options: { tenantId: 'acme' } });
		expect(plan.tables.find((t) => t.name === 'album')!.foreignKeys).toEqual([]);
		expect(plan.warnings.join('\n')).toMatch(/album\(artist_id\) -> artist\(artist_id\) has score 0.4/);
	});

	it('falls back to Airbyte record ids for keyless streams and keeps audit names free of collisions', () => {
		const plan = buildSchemaPlan({
			model: { streams: [{ name: 'events', primaryKey: [], sampledRows: 1, columns: [{ name: 'created_at', pgType: 'timestamptz', nullable: true, semanticType: 'timestamp_tz' }] }], foreignKeys: [] },
			options: { tenantId: 't' },
		});
		const t = plan.tables[0];
		expect(t.keyKind).toBe('raw_id');
		expect(t.primaryKey.columns).toEqual(['_airbyte_raw_id']);
		expect(t.columns.map((c) => c.name)).toEqual(['_airbyte_raw_id', 'created_at', '_created_at', 'updated_at', '_synced_at']);
	});

	it('makes CHECKs only for enums the profile is certain of, and rejects unsafe types', () => {
		const plan = buildSchemaPlan({
			model: {
				streams: [{ name: 's', primaryKey: ['id'], sampledRows: 3, columns: [
					{ name: 'id', pgType: 'bigint', nullable: false, semanticType: 'integer' },
					{ name: 'status', pgType: 'text', nullable: true, semanticType: 'enum', enumValues: ['open', 'paid'] },
					{ name: 'evil', pgType: 'text); DROP TABLE x; --', nullable: true, semanticType: 'text' },
				] }],
				foreignKeys: [],
			},
			options: { tenantId: 't' },
		});
		expect(plan.tables[0].checks).toEqual([{ name: 's_status_check', column: 'status', values: ['open', 'paid'] }]);
		expect(plan.tables[0].columns.find((c) => c.name === 'evil')!.type).toBe('jsonb');
		expect(plan.warnings.join('\n')).toMatch(/not supported/);
	});

	it('refuses a catalog with no streams and a stream wider than Postgres allows', () => {
		expect(() => buildSchemaPlan({ model: { streams: [], foreignKeys: [] } })).toThrow(SchemaPlanError);
		const wide = { streams: [{ name: 'w', primaryKey: [], sampledRows: 0, columns: Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}`, pgType: 'text', nullable: true, semanticType: 'text' })) }], foreignKeys: [] };
		expect(() => buildSchemaPlan({ model: wide })).toThrow(/2000 columns/);
	});

	it('turns KPIs into views, skipping the ones that name unknown columns', () => {
		const plan = buildSchemaPlan({
			model,
			catalog,
			extras: {
				kpis: [
					{ name: 'Revenue', stream: 'invoice', aggregation: 'sum', column: 'total', timeColumn: 'invoice_date', grain: 'month', filters: [{ column: 'billing_country', op: '=', value: "O'Brien; --" }] },
					{ name: 'Units', stream: 'invoice_line', aggregation: 'sum', column: 'quantity', timeColumn: 'invoice_date', timeJoin: { stream: 'invoice', fromColumns: ['invoice_id'], toColumns: ['invoice_id'] } },
					{ name: 'Broken', stream: 'invoice', aggregation: 'sum', column: 'nope' },
				],
			},
			options: { tenantId: 'acme' },
		});
		expect(plan.views.map((v) => v.name)).toEqual(['kpi_revenue', 'kpi_units']);
		expect(plan.warnings.join('\n')).toMatch(/KPI "Broken"/);
		expect(renderPlanMigration(plan).sql).toContain("f.\"billing_country\"::text = E'O''Brien; --'");
	});
});

describe('edits', () => {
	const plan = buildSchemaPlan({ model: dataModelFromGroundTruth('chinook'), catalog: loadDatasetCatalog('chinook'), options: { tenantId: 'acme' } });

	it('renames propagate to keys, references and nested tables', () => {
		const { plan: edited, rejected } = applyPlanEdits(plan, [
			{ op: 'rename_table', table: 'artist', newName: 'artists' },
			{ op: 'rename_column', table: 'artists', column: 'artist_id', newName: 'id' },
		]);
		expect(rejected).toEqual([]);
		const album = edited.tables.find((t) => t.name === 'album')!;
		expect(album.foreignKeys.find((f) => f.refTable === 'artists')!.refColumns).toEqual(['id']);
		expect(edited.tables.find((t) => t.name === 'artists')!.primaryKey.columns).toEqual(['id']);
	});

	it('rejects SQL, unknown objects, collisions and bad names', () => {
		const { rejected, applied } = applyPlanEdits(plan, [
			{ op: 'sql', sql: 'DROP TABLE album' },
			{ op: 'rename_table', table: 'nope', newName: 'x' },
			{ op: 'rename_table', table: 'album', newName: 'artist' },
			{ op: 'rename_column', table: 'album', column: 'title', newName: 'Title"; DROP' },
			{ op: 'rename_column', table: 'album', column: 'created_at', newName: 'made' },
			{ op: 'add_index', table: 'album', columns: ['album_id'] },
			{ op: 'describe_view', view: 'nope', description: 'x' },
		]);
		expect(applied).toEqual([]);
		expect(rejected).toHaveLength(7);
	});
});

describe('ER diagram', () => {
	it('renders Mermaid erDiagram text and a self-contained, escaped SVG', () => {
		const plan = buildSchemaPlan({
			model: { streams: [{ name: '<script>alert(1)</script>', primaryKey: [], sampledRows: 0, columns: [{ name: 'a&b', pgType: 'text', nullable: true, semanticType: 'text', description: '<img onerror=x>' }] }], foreignKeys: [] },
			options: { tenantId: 't' },
		});
		const svg = erDiagramSvg(plan);
		expect(svg).not.toMatch(/<script|<img|href=|@import/);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		const chinook = buildSchemaPlan({ model: dataModelFromGroundTruth('chinook'), catalog: loadDatasetCatalog('chinook'), options: { tenantId: 'acme' } });
		const mermaid = mermaidErDiagram(chinook);
		expect(mermaid).toMatch(/^erDiagram\n/);
		expect(mermaid).toContain('artist |o--o{ album : "artist_id"');
		expect(mermaid).toContain('playlist ||--o{ playlist_track : "playlist_id"');
		expect(mermaid).toContain('    integer track_id PK\n    varchar name\n');
	});
});
