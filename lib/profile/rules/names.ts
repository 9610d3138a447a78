// Name evidence: column names split into lower-case tokens (snake, kebab, camel and Pascal case), and
// vocabularies of tokens that hint at a meaning. Used for semantic types, keys and relationships.

/** `SupportRepId` -> ['support','rep','id']; `billing_postal_code` -> ['billing','postal','code']. */
export function nameTokens(name: string): string[] {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((t) => t.length > 0);
}

const set = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/** Tokens meaning the column holds a point in time (for epoch numbers and date-ish strings). */
export const TIME_TOKENS = set(`
at on date time timestamp ts datetime created updated modified deleted changed start started starts end ended ends
expires expiry expired expiration since until period emitted seen last first due paid canceled cancelled closed
opened birth born hired hire shipped delivered required completed finished occurred effective valid trial posted
published scheduled sent received available arrival departure lastmodified createdat updatedat
`);

/** Tokens meaning a money amount. */
export const MONEY_TOKENS = set(`
amount price total cost fee fees revenue balance freight subtotal tax taxes charge charges payment payout refund
salary wage wages budget spend income profit net gross invoice paid due value msrp discount unitprice mrr arr
`);

/** Tokens meaning a count or measure (numbers carried in strings become numeric when named like this). */
export const MEASURE_TOKENS = set(`
count num number qty quantity amount total size length width height weight age score rate ratio percent pct
level rank duration milliseconds ms seconds minutes hours days bytes units stock views clicks sessions
employees visits points
`);

/** Tokens meaning the value is a code that must stay text even when every value is digits. */
export const CODE_TOKENS = set(`
zip zipcode postal postcode code phone fax mobile tel telephone extension ext sku ean upc isbn gtin iban bic
swift account routing ssn sin nin vat ein tin pin cvv cvc hs naics sic fips iso npa areacode
`);

/** Tokens meaning an identifier. */
export const ID_TOKENS = set(`id ids key uuid guid pk fk ref number no nr`);

/** Tokens of boolean-ish column names (is_x, has_x, active...). */
export const BOOLEAN_TOKENS = set(`is has can should was did active enabled disabled deleted flag archived verified discontinued`);

export function hasToken(tokens: readonly string[], vocabulary: ReadonlySet<string>): boolean {
	for (const t of tokens) if (vocabulary.has(t)) return true;
	return false;
}

/** Tokens of columns holding binary data (images, files). */
export const BINARY_TOKENS = set(`picture photo image img avatar thumbnail logo blob binary attachment signature icon bytea`);
