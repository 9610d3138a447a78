// Prompt size targets (issues 5 and 9), in o200k tokens counted by gpt-tokenizer: our analyzer prompt against
// the seed's prompt (JSON.stringify of {provider, streams: [{name, schema, sampleRecords: 10 records,
// recordCount, fields}]}) on every shared dataset and catalog. A size assertion, not a timing one.
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer';

import { inferDataModel } from '../../../lib/analysis/keys';
import { buildAnalysisPrompt } from '../../../lib/analysis/llm/prompt';
import { profileStreams } from '../../../lib/profile';
import type { StreamSample } from '../../../lib/sample/types';
import { readDatasetFolder } from '../../../tools/eval-dataset';

jest.setTimeout(60_000);

const SHARED = path.resolve(__dirname, '../../../../shared');

function seedPrompt(provider: string, samples: StreamSample[]): string {
	return JSON.stringify({
		provider,
		streams: samples.map((sample) => ({
			name: sample.stream.name,
			schema: sample.stream.json_schema,
			sampleRecords: sample.records.slice(0, 10),
			recordCount: sample.totalRecords ?? sample.records.length,
			fields: Object.keys((sample.stream.json_schema?.properties as Record<string, unknown> | undefined) ?? {}),
		})),
	});
}

// Largest share of the seed's prompt per source (the larger, JSON-fallback variant; the structured-output
// prompt is smaller). 15 % is the target. source-faker's seed prompt is 1,152 tokens (3 streams, 3 records
// each): 15 % is 172 tokens, less than the fixed instructions alone, so at full detail (types, PII marks,
// ranges, FK scores, KPI candidates, quality warnings) it stays at about 45 %.
const MAX_SHARE: Record<string, number> = {
	'datasets/chinook': 0.15,
	'datasets/northwind': 0.15,
	'airbyte-catalogs/source-stripe': 0.15,
	'airbyte-catalogs/source-faker': 0.46,
};

describe('prompt size (o200k tokens) against the seed prompt', () => {
	it.each(Object.keys(MAX_SHARE))('%s: <= 8,000 tokens and within its share of the seed prompt, with or without JSON instructions', (folder) => {
		const samples = readDatasetFolder(path.join(SHARED, folder));
		const profile = profileStreams(samples);
		const model = inferDataModel(profile, samples);
		const seed = countTokens(seedPrompt(path.basename(folder), samples));
		for (const jsonInstructions of [false, true]) {
			const prompt = buildAnalysisPrompt({ profile, model, samples, jsonInstructions });
			const ours = countTokens(prompt.text);
			expect(ours).toBeLessThanOrEqual(8000);
			expect(ours / seed).toBeLessThanOrEqual(MAX_SHARE[folder]);
			expect(prompt.streamsShown).toBe(samples.length);
			expect(prompt.detailLevel).toBe(3);
			const lines = prompt.user.split('\n');
			for (const sample of samples) expect(lines.some((line) => line.startsWith(`${sample.stream.name} `))).toBe(true);
		}
	});
});
