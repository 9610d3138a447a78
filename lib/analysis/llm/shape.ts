// The answer's shape as terse text, derived from the zod schema itself (so the JSON-prompt fallback can never
// drift from what withStructuredOutput enforces): objects as {key,key:…}, arrays as [...], enums as a|b|c,
// nullable values as key?; strings, numbers and booleans are the default and not spelled out.

import type { ZodTypeAny } from 'zod';

interface ZodDefLike {
	typeName?: string;
	innerType?: ZodTypeAny;
	type?: ZodTypeAny;
	values?: readonly string[];
	shape?: () => Record<string, ZodTypeAny>;
	schema?: ZodTypeAny;
}

function defOf(schema: ZodTypeAny): ZodDefLike {
	return schema._def as ZodDefLike;
}

function unwrap(schema: ZodTypeAny): { inner: ZodTypeAny; nullable: boolean } {
	let inner = schema;
	let nullable = false;
	for (;;) {
		const def = defOf(inner);
		if ((def.typeName === 'ZodNullable' || def.typeName === 'ZodOptional' || def.typeName === 'ZodDefault') && def.innerType) {
			nullable = true;
			inner = def.innerType;
		} else if (def.typeName === 'ZodEffects' && def.schema) inner = def.schema;
		else return { inner, nullable };
	}
}

function describe(schema: ZodTypeAny): string {
	const def = defOf(schema);
	if (def.typeName === 'ZodObject' && def.shape) {
		const entries = Object.entries(def.shape()).map(([key, value]) => {
			const { inner, nullable } = unwrap(value);
			const body = describe(inner);
			return `${key}${nullable ? '?' : ''}${body ? `:${body}` : ''}`;
		});
		return `{${entries.join(',')}}`;
	}
	if (def.typeName === 'ZodArray' && def.type) return `[${describe(unwrap(def.type).inner)}]`;
	if (def.typeName === 'ZodEnum' && def.values) return def.values.join('|');
	return '';
}

/** e.g. `{name,kind:a|b,items:[{id,note?}],tags:[]}`. */
export function describeShape(schema: ZodTypeAny): string {
	return describe(unwrap(schema).inner);
}
