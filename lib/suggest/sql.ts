// Identifier quoting for SQL that runs inside n8n's Postgres node. That node evaluates `{{ … }}` anywhere in
// its query text as an n8n expression, and splices the result in with String.replace (where `$&`, `$'`
// and `$$` are special), so names containing braces or `$` never appear literally: they are written as
// Postgres Unicode-escaped identifiers (U&"…" with \007B, \007D, \0024), which mean the same name.

export function quoteIdent(name: string): string {
	if (name.includes('\u0000')) throw new Error('An identifier cannot contain a NUL character.');
	if (!/[{}$]/.test(name)) return `"${name.replace(/"/g, '""')}"`;
	const body = Array.from(name)
		.map((ch) => {
			if (ch === '\\') return '\\\\';
			if (ch === '"') return '""';
			if (ch === '{' || ch === '}' || ch === '$') return `\\${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
			return ch;
		})
		.join('');
	return `U&"${body}"`;
}

export function qualified(schema: string | undefined, table: string): string {
	return schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
}

/** True when a text would be altered by n8n's expression resolution in a Postgres node query. */
export function hasExpressionMarkers(sql: string): boolean {
	return sql.includes('{{') || sql.includes('}}');
}
