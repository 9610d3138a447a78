import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SampleLimits } from '../../../lib/sample/types';

export function getId(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const id = String(ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, {
			itemIndex,
			description: 'Pick one from the list, paste its Airbyte URL or enter its ID.',
		});
	}
	return id;
}

export function getLimits(ctx: IExecuteFunctions, itemIndex: number): SampleLimits {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		sampleSize: Number(ctx.getNodeParameter('sampleSize', itemIndex, 1000)),
		maxStreams: Number(ctx.getNodeParameter('maxStreams', itemIndex, 50)),
		maxRecordBytes: Math.round(Number(options.maxRecordKb ?? 1024) * 1024),
		maxSampleBytes: Math.round(Number(options.maxSampleMb ?? 16) * 1024 * 1024),
	};
}

export function getStreamNames(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter('streams', itemIndex, []) as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	return [...new Set(list.map((s) => String(s).trim()).filter((s) => s !== ''))];
}
