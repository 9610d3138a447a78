// Column-level PII classification and the per-column policy applied before anything reaches a model.

export type PiiKind =
	| 'email'
	| 'phone'
	| 'card_number'
	| 'iban'
	| 'bank_account'
	| 'ip_address'
	| 'national_id'
	| 'person_name'
	| 'address'
	| 'postal_code'
	| 'birth_date'
	| 'geo_location'
	| 'username'
	| 'secret';

/**
 * What happens to a PII column's values:
 * - drop: the column is removed (secrets, card numbers);
 * - mask: format-preserving partial mask (`j***@e***.com`);
 * - hash: keyed HMAC-SHA256, so joins and distinct counts survive without the value;
 * - stats_only: only aggregate statistics (null rate, distinct count, lengths) leave the profile.
 */
export type PiiPolicy = 'drop' | 'mask' | 'hash' | 'stats_only';

export interface PiiColumn {
	stream: string;
	/** Field path as in the profile (`email`, `customer.address.line1`, `contacts[].phone`). */
	path: string;
	kind: PiiKind;
	/** 0..1: name evidence and value checks combined. */
	confidence: number;
	policy: PiiPolicy;
	evidence: {
		/** The name rule that matched, if any. */
		nameRule?: string;
		/** Non-null values checked, and how many passed the kind's validator. */
		valuesChecked: number;
		valuesMatched: number;
	};
}

export interface PiiReport {
	enabled: boolean;
	columns: PiiColumn[];
}

export interface PiiOptions {
	/** Default true. When false, nothing is classified and the digest may include values. */
	enabled?: boolean;
	/** Share of checked values that must pass a validator to classify by values alone. Default 0.8. */
	minValueMatchRate?: number;
	/** Values checked per column. Default 500. */
	maxValuesChecked?: number;
	/** Per-kind policy overrides. */
	policies?: Partial<Record<PiiKind, PiiPolicy>>;
	/** Columns (`stream.path` or `path`) the operator declares not personal (overrides the classifier). */
	allow?: string[];
	/** Columns (`stream.path` or `path`) the operator declares personal (always stats_only unless a kind matches). */
	deny?: string[];
}
