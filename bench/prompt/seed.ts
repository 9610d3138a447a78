// The seed's analysis prompt, as issue 5 describes it: JSON.stringify of
// {provider, streams: [{name, schema, sampleRecords: 10 raw records, recordCount, fields}]}.

import type { StreamSample } from '../../lib/sample/types';

export function seedPrompt(provider: string, samples: StreamSample[]): string {
	return JSON.stringify({
		provider,
		streams: samples.map((s) => ({
			name: s.stream.name,
			schema: s.stream.json_schema,
			sampleRecords: s.records.slice(0, 10),
			recordCount: s.totalRecords ?? s.records.length,
			fields: Object.keys((s.stream.json_schema?.properties as Record<string, unknown> | undefined) ?? {}),
		})),
	});
}
