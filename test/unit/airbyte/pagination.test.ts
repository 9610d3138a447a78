import { collectPages } from '../../../lib/airbyte/pagination';
import { makeClient } from './fakes';

function table(n: number) {
	return Array.from({ length: n }, (_, i) => i);
}

describe('collectPages', () => {
	it('pages by offset and stops at the first short page', async () => {
		const rows = table(250);
		const calls: Array<[number, number]> = [];
		const out = await collectPages(async (limit, offset) => {
			calls.push([limit, offset]);
			return rows.slice(offset, offset + limit);
		});
		expect(out).toEqual(rows);
		expect(calls).toEqual([
			[100, 0],
			[100, 100],
			[100, 200],
		]);
	});

	it('reads one extra (empty) page when the total is a multiple of the page size', async () => {
		const rows = table(200);
		const calls: number[] = [];
		const out = await collectPages(async (limit, offset) => {
			calls.push(offset);
			return rows.slice(offset, offset + limit);
		});
		expect(out).toHaveLength(200);
		expect(calls).toEqual([0, 100, 200]);
	});

	it('honours a maximum, asking only for what is still needed', async () => {
		const rows = table(1000);
		const calls: Array<[number, number]> = [];
		const out = await collectPages(async (limit, offset) => {
			calls.push([limit, offset]);
			return rows.slice(offset, offset + limit);
		}, 130);
		expect(out).toEqual(rows.slice(0, 130));
		expect(calls).toEqual([
			[100, 0],
			[30, 100],
		]);
	});

	it('never asks for more than 100 per page', async () => {
		const limits: number[] = [];
		await collectPages(async (limit) => {
			limits.push(limit);
			return [];
		}, undefined, 500);
		expect(limits).toEqual([100]);
	});
});

describe('client lists', () => {
	it('ignores Airbyte\'s `next` link (set on every non-empty page) and pages by offset with the filters', async () => {
		const all = Array.from({ length: 120 }, (_, i) => ({ sourceId: `s${i}`, name: `n${i}` }));
		const { client, transport } = makeClient((req) => {
			const limit = Number(req.query?.limit);
			const offset = Number(req.query?.offset);
			const data = all.slice(offset, offset + limit);
			return { status: 200, body: { previous: '', next: `http://wrong-host/v1/sources?offset=${offset + limit}`, data } };
		});
		const sources = await client.listSources({ workspaceIds: ['w1', 'w2'], includeDeleted: false });
		expect(sources).toHaveLength(120);
		expect(transport.requests.map((r) => r.url)).toEqual([
			'http://airbyte.local:8000/api/public/v1/sources',
			'http://airbyte.local:8000/api/public/v1/sources',
		]);
		expect(transport.requests[0].query).toMatchObject({ workspaceIds: ['w1', 'w2'], limit: 100, offset: 0 });
		expect(transport.requests[1].query).toMatchObject({ limit: 100, offset: 100 });
	});

	it('rejects a page without a data list with a hint about the base URL', async () => {
		const { client } = makeClient(() => ({ status: 200, body: '<html>login</html>' }));
		await expect(client.listWorkspaces()).rejects.toThrow(/base URL/);
	});
});
