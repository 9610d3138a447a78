// Airbyte lists page by limit/offset (limit 1..100). Airbyte sets `next` on every non-empty page, even
// the last one, and builds it from its configured public host, so we page by offset ourselves and stop
// at the first page shorter than the page size.

export const MAX_PAGE_SIZE = 100;

/** Safety net against a server that ignores offset: never read more than this many pages. */
export const MAX_PAGES = 10_000;

export type FetchPage<T> = (limit: number, offset: number) => Promise<T[]>;

/** Reads pages until a short page; `max` caps the rows returned (undefined = all). */
export async function collectPages<T>(fetchPage: FetchPage<T>, max?: number, pageSize = MAX_PAGE_SIZE): Promise<T[]> {
	const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
	const rows: T[] = [];
	for (let page = 0; page < MAX_PAGES; page++) {
		const remaining = max === undefined ? size : max - rows.length;
		if (remaining <= 0) break;
		const limit = Math.min(size, remaining);
		const data = await fetchPage(limit, rows.length);
		rows.push(...data.slice(0, limit));
		if (data.length < limit) break;
	}
	return rows;
}
