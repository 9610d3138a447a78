// Name evidence for keys and relationships: how strongly a column's name points at a stream and its key.
// Vocabularies (role synonyms, self-reference roles, singular forms) are data tables.

import { nameTokens } from '../../profile/rules/names';

/** Trailing tokens that mark a reference/key column: `customer_id`, `artist_key`, `order_no`. */
export const KEY_SUFFIX_TOKENS: ReadonlySet<string> = new Set(['id', 'ids', 'key', 'keys', 'uuid', 'guid', 'code', 'no', 'num', 'number', 'ref', 'fk', 'sk']);

/** Irregular plurals; regular ones follow SINGULAR_RULES. */
const IRREGULAR: Record<string, string> = {
	people: 'person',
	children: 'child',
	men: 'man',
	women: 'woman',
	data: 'data',
	media: 'media',
	series: 'series',
	news: 'news',
	status: 'status',
	address: 'address',
	analyses: 'analysis',
	indices: 'index',
	criteria: 'criterion',
};

const SINGULAR_RULES: ReadonlyArray<[RegExp, string]> = [
	[/ies$/, 'y'],
	[/(ss|sh|ch|x|z)es$/, '$1'],
	[/([^s])s$/, '$1'],
];

export function singular(token: string): string {
	if (IRREGULAR[token]) return IRREGULAR[token];
	for (const [re, to] of SINGULAR_RULES) if (re.test(token) && token.length > 3) return token.replace(re, to);
	return token;
}

/**
 * Roles that name a reference to a kind of entity without naming the entity (`SupportRepId` -> employee).
 * Keys: role tokens found in a column name; values: entity tokens a stream name may use for that entity.
 */
export const ROLE_SYNONYMS: ReadonlyArray<{ roles: readonly string[]; entities: readonly string[] }> = [
	{
		roles: ['rep', 'representative', 'salesperson', 'salesman', 'agent', 'assignee', 'owner', 'manager', 'supervisor', 'author', 'creator', 'approver', 'handler', 'staff', 'seller', 'reviewer', 'reporter', 'responsible', 'operator', 'created', 'updated', 'modified', 'by'],
		entities: ['employee', 'user', 'staff', 'member', 'agent', 'person', 'admin', 'account', 'rep', 'worker', 'team'],
	},
	{ roles: ['buyer', 'client', 'purchaser', 'payer', 'customer', 'shopper', 'subscriber', 'patron'], entities: ['customer', 'client', 'account', 'user', 'contact', 'member', 'subscriber'] },
	{ roles: ['vendor', 'provider', 'manufacturer', 'maker', 'supplier'], entities: ['supplier', 'vendor', 'provider', 'manufacturer'] },
	{ roles: ['carrier', 'courier', 'via', 'shipped', 'shipping'], entities: ['shipper', 'carrier', 'courier'] },
	{ roles: ['sender', 'recipient', 'receiver', 'follower', 'followee', 'friend', 'invitee', 'inviter', 'referrer'], entities: ['user', 'member', 'person', 'account', 'customer', 'contact'] },
	{ roles: ['org', 'organisation', 'organization', 'company', 'employer', 'firm', 'business'], entities: ['company', 'organization', 'organisation', 'org', 'account', 'business'] },
	{ roles: ['location', 'place', 'site', 'warehouse', 'store', 'shop', 'branch', 'venue'], entities: ['location', 'place', 'site', 'warehouse', 'store', 'shop', 'branch', 'venue'] },
];

/** Column roles that refer to a row of the same stream (`reports_to`, `parent_id`, `manager_id`). */
export const SELF_REFERENCE_TOKENS: ReadonlySet<string> = new Set([
	'parent', 'manager', 'reports', 'supervisor', 'boss', 'lead', 'mentor', 'superior', 'successor', 'predecessor',
	'previous', 'prev', 'next', 'root', 'ancestor', 'replaced', 'duplicate', 'merged', 'original', 'master', 'referred', 'head',
]);

/** Tokens of a stream name, singularised: `order_details` -> ['order','detail'], `Employees` -> ['employee']. */
export function streamTokens(stream: string): string[] {
	return nameTokens(stream).map(singular);
}

/** Key suffixes glued to a word (`orderkey`, `customerid`, `linenumber`): split, so the word can name a stream. */
const GLUED_KEY: readonly RegExp[] = [/^([a-z]{3,})(key|number|code)$/, /^([a-z]{4,})(id)$/];

function keyTokens(column: string): string[] {
	return nameTokens(column).flatMap((t) => {
		for (const re of GLUED_KEY) {
			const m = re.exec(t);
			if (m) return [m[1], m[2]];
		}
		return [t];
	});
}

/** Column tokens without trailing key suffixes: `support_rep_id` -> ['support','rep']; `l_orderkey` -> ['l','order']. */
export function entityTokens(column: string): string[] {
	const t = keyTokens(column).map(singular);
	while (t.length > 0 && KEY_SUFFIX_TOKENS.has(t[t.length - 1])) t.pop();
	return t;
}

export function hasKeySuffix(column: string): boolean {
	const t = keyTokens(column);
	return t.length > 0 && KEY_SUFFIX_TOKENS.has(t[t.length - 1]);
}

function endsWith(a: string[], b: string[]): boolean {
	if (b.length === 0 || b.length > a.length) return false;
	for (let i = 1; i <= b.length; i++) if (a[a.length - i] !== b[b.length - i]) return false;
	return true;
}

/**
 * A vocabulary word among the tokens; for a name written without separators (`supportrepid`, `reportsto`),
 * also as the start or end of its one token (words of 3+ letters).
 */
function hasWord(tokens: readonly string[], words: readonly string[], glued: boolean): boolean {
	for (const t of tokens) {
		for (const w of words) {
			if (t === w) return true;
			if (glued && w.length >= 3 && t.length > w.length && (t.startsWith(w) || t.endsWith(w))) return true;
		}
	}
	return false;
}

export interface NameEvidence {
	score: number;
	reason: string;
}

/**
 * How strongly `column` (in stream `fromStream`) names `toStream` with key column `toColumn`.
 * 1.0: same name as the key and the key names its stream (`artist_id` -> artist.artist_id);
 * 0.9: entity tokens name the stream (`customer_id` -> customers.id, `CustomerId` -> Customer.CustomerId);
 * 0.8: they end with the stream's tokens (`billing_customer_id` -> customers) or vice versa;
 * 0.6: a role synonym (`SupportRepId` -> employee) or, for self references, a self-reference role;
 * 0.45: a shared stem of 4+ letters (`ship_via` -> shippers); 0 otherwise.
 */
export function nameEvidence(column: string, fromStream: string, toStream: string, toColumn: string): NameEvidence {
	const colEntity = entityTokens(column);
	const keyEntity = entityTokens(toColumn);
	const target = streamTokens(toStream);
	const colRaw = nameTokens(column);
	const colAll = [...new Set([...colRaw, ...colRaw.map(singular), ...colEntity])];
	const sameName = nameTokens(column).join('_') === nameTokens(toColumn).join('_');
	const keyNamesStream = keyEntity.length === 0 || keyEntity.join('_') === target.join('_');
	const self = fromStream === toStream;

	if (!self && sameName && keyEntity.length > 0 && keyNamesStream) return { score: 1, reason: `same name as ${toStream}.${toColumn}` };
	if (colEntity.length > 0 && colEntity.join('_') === target.join('_') && hasKeySuffix(column) === true) {
		return { score: 0.9, reason: `"${column}" names ${toStream}` };
	}
	if (colEntity.length > 0 && colEntity.join('_') === target.join('_')) return { score: 0.85, reason: `"${column}" names ${toStream}` };
	if (colEntity.length > 0 && (endsWith(colEntity, target) || endsWith(target, colEntity))) {
		return { score: 0.8, reason: `"${column}" ends like ${toStream}` };
	}
	if (!self && sameName && keyEntity.length > 0) return { score: 0.75, reason: `same name as ${toStream}.${toColumn}` };
	const glued = colRaw.length === 1;
	if (self && hasWord(colAll, [...SELF_REFERENCE_TOKENS], glued)) return { score: 0.6, reason: `"${column}" is a self-reference role` };
	for (const group of ROLE_SYNONYMS) {
		if (hasWord(colAll, group.roles, glued) && target.some((t) => group.entities.includes(t))) {
			return { score: 0.6, reason: `"${column}" is a role of ${toStream}` };
		}
	}
	for (const c of colEntity) {
		for (const s of target) {
			const [short, long] = c.length <= s.length ? [c, s] : [s, c];
			if (short.length >= 4 && long.startsWith(short)) return { score: 0.45, reason: `"${column}" shares the stem "${short}" with ${toStream}` };
		}
	}
	return { score: 0, reason: 'no name evidence' };
}

/**
 * How strongly a column looks like its own stream's key by name: `id`, `<stream>_id`, `<Stream>Id`,
 * `<stream>_key`/`_code`, a generic key suffix, or a reference to another stream (negative).
 */
export function primaryKeyNameScore(column: string, stream: string, otherStreams: readonly string[]): NameEvidence {
	const tokens = nameTokens(column);
	const entity = entityTokens(column);
	const target = streamTokens(stream);
	if (tokens.length === 1 && (tokens[0] === 'id' || tokens[0] === 'uuid' || tokens[0] === 'key' || tokens[0] === 'guid')) return { score: 1, reason: `named "${column}"` };
	if (tokens.length === 1 && KEY_SUFFIX_TOKENS.has(tokens[0])) return { score: 0.8, reason: `named "${column}"` };
	if (hasKeySuffix(column) && entity.length > 0) {
		if (entity.join('_') === target.join('_')) return { score: 0.95, reason: `"${column}" names the stream` };
		const refersElsewhere = otherStreams.some((s) => s !== stream && entity.join('_') === streamTokens(s).join('_'));
		if (refersElsewhere) return { score: 0.1, reason: `"${column}" names another stream` };
		if (endsWith(target, entity) || endsWith(entity, target)) return { score: 0.7, reason: `"${column}" ends like the stream's name` };
		return { score: 0.5, reason: `"${column}" has a key suffix` };
	}
	return { score: 0.2, reason: 'no key name' };
}
