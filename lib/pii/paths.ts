// Walk profile field paths (`segments`, with '[]' for an array level) through records.

/** Collect up to `limit` non-null leaf values at `segments` from one record. */
export function collectValues(value: unknown, segments: string[], out: unknown[], limit: number, depth = 0): void {
	if (out.length >= limit || value === null || value === undefined) return;
	if (depth === segments.length) {
		out.push(value);
		return;
	}
	const segment = segments[depth];
	if (segment === '[]') {
		if (!Array.isArray(value)) return;
		for (const element of value) {
			collectValues(element, segments, out, limit, depth + 1);
			if (out.length >= limit) return;
		}
		return;
	}
	if (typeof value !== 'object' || Array.isArray(value)) return;
	collectValues((value as Record<string, unknown>)[segment], segments, out, limit, depth + 1);
}

/** Up to `limit` non-null values at a path across records. */
export function valuesAtPath(records: readonly unknown[], segments: string[], limit: number): unknown[] {
	const out: unknown[] = [];
	for (const record of records) {
		collectValues(record, segments, out, limit);
		if (out.length >= limit) break;
	}
	return out;
}

/** Split a dotted profile path (`a.b[].c`) into segments (`['a', 'b', '[]', 'c']`). */
export function pathSegments(path: string): string[] {
	const segments: string[] = [];
	for (const part of path.split('.')) {
		let name = part;
		let arrays = 0;
		while (name.endsWith('[]')) {
			name = name.slice(0, -2);
			arrays++;
		}
		if (name.length > 0) segments.push(name);
		for (let i = 0; i < arrays; i++) segments.push('[]');
	}
	return segments;
}

/** True when `path` equals `ancestor` or lies beneath it. */
export function isSameOrBelow(path: string, ancestor: string): boolean {
	return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[]`);
}
