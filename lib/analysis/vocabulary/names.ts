// Name handling shared by the rule tables: split identifiers into lower-case word tokens, singularise them
// and render them in business words. `SupportRepId`, `support_rep_id` and `support-rep-id` all give
// ['support', 'rep', 'id'].

const IRREGULAR_SINGULARS: Record<string, string> = {
	people: 'person',
	children: 'child',
	men: 'man',
	women: 'woman',
	data: 'data',
	news: 'news',
	series: 'series',
	status: 'status',
	address: 'address',
	analysis: 'analysis',
	business: 'business',
	class: 'class',
};

/** Lower-case word tokens of an identifier (camelCase, snake_case, kebab-case, dotted paths, spaces). */
export function nameTokens(name: string): string[] {
	return name
		.replace(/\[\]/g, ' ')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((token) => token.length > 0);
}

/** Singular form of one lower-case English token (rules good enough for table and column names). */
export function singular(token: string): string {
	if (IRREGULAR_SINGULARS[token] !== undefined) return IRREGULAR_SINGULARS[token];
	if (token.length <= 3) return token;
	if (token.endsWith('ies')) return `${token.slice(0, -3)}y`;
	if (/(ss|us|is)$/.test(token)) return token;
	if (/(xes|ches|shes|sses)$/.test(token)) return token.slice(0, -2);
	if (token.endsWith('s')) return token.slice(0, -1);
	return token;
}

/** Singular tokens of a stream or column name. */
export function singularTokens(name: string): string[] {
	return nameTokens(name).map(singular);
}

/** snake_case key of the singular tokens, e.g. `OrderDetails` -> `order_detail`. */
export function normalizedName(name: string): string {
	return singularTokens(name).join('_');
}

/** Business words for a stream or column: `invoice_line` -> `invoice line`, `SupportRepId` -> `support rep`. */
export function humanize(name: string, options: { dropIdSuffix?: boolean; keepPlural?: boolean } = {}): string {
	let tokens = options.keepPlural ? nameTokens(name) : singularTokens(name);
	if (options.dropIdSuffix && tokens.length > 1 && ['id', 'key', 'fk', 'ref', 'code'].includes(tokens[tokens.length - 1])) {
		tokens = tokens.slice(0, -1);
	}
	return tokens.join(' ');
}

/** Plural of a humanized label (`invoice line` -> `invoice lines`, `category` -> `categories`). */
export function pluralize(label: string): string {
	if (/[^aeiou]y$/.test(label)) return `${label.slice(0, -1)}ies`;
	if (/(s|x|ch|sh)$/.test(label)) return `${label}es`;
	if (label.endsWith('person')) return `${label.slice(0, -6)}people`;
	return `${label}s`;
}

/** True when `tokens` contains `pattern` as a contiguous run. Returns the index of the run's end, or -1. */
export function findTokenRun(tokens: string[], pattern: string[]): number {
	outer: for (let start = 0; start + pattern.length <= tokens.length; start++) {
		for (let offset = 0; offset < pattern.length; offset++) {
			if (tokens[start + offset] !== pattern[offset]) continue outer;
		}
		return start + pattern.length - 1;
	}
	return -1;
}
