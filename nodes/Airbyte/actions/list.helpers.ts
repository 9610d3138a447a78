import type { IExecuteFunctions } from 'n8n-workflow';

/** undefined = all rows (Return All), else the Limit. */
export function listMax(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return Math.max(1, Math.floor(ctx.getNodeParameter('limit', itemIndex, 50) as number));
}

/** "a, b ,c" → ['a','b','c']; undefined when empty. */
export function idList(value: unknown): string[] | undefined {
	const ids = String(value ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	return ids.length ? ids : undefined;
}
