import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SampleInputError } from '../../../lib/sample/plan';
import { SampleAbortedError } from '../../../lib/sample/run';
import { toNodeError } from '../../Airbyte/helpers/utils';

/** The n8n error for anything the sampler threw, with what to fix (and the clean-up SQL when relevant). */
export function sampleError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof SampleInputError) {
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex, description: error.description });
	}
	if (error instanceof SampleAbortedError) {
		const inner = toNodeError(ctx, error.cause, itemIndex);
		const problems = error.cleanupProblems.length > 0 ? ` Clean-up problems: ${error.cleanupProblems.join('; ')}.` : ' The temporary connection was deleted.';
		inner.description =
			`${inner.description ?? ''}${problems} Run this SQL on the sample database (or Clean Up Orphans) to drop what reached it: ${error.cleanupSql}`.trim();
		return inner;
	}
	return toNodeError(ctx, error, itemIndex);
}

/** Extra fields for a continueOnFail error item. */
export function errorExtras(error: unknown): Record<string, string> {
	return error instanceof SampleAbortedError ? { cleanupSql: error.cleanupSql } : {};
}
