// Airbyte's PaginationMapper: `next` on every non-empty page, `""` on an empty one; `previous` `""` at offset 0.
export function paginate<T>(items: T[], query: Record<string, any>, baseUrl: string, path: string) {
	const limit: number = query.limit ?? 20;
	const offset: number = query.offset ?? 0;
	const data = items.slice(offset, offset + limit);
	const link = (o: number) => {
		const params = new URLSearchParams();
		for (const [k, v] of Object.entries(query)) {
			if (k === 'limit' || k === 'offset' || v === undefined) continue;
			params.set(k, Array.isArray(v) ? v.join(',') : String(v));
		}
		params.set('limit', String(limit));
		params.set('offset', String(o));
		return `${baseUrl}${path}?${params.toString()}`;
	};
	return {
		previous: offset > 0 ? link(Math.max(0, offset - limit)) : '',
		next: data.length > 0 ? link(offset + limit) : '',
		data,
	};
}
