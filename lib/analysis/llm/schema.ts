// What the model may answer. Strict-mode friendly (every field required, nullable instead of optional, no
// string-length constraints) so OpenAI, Azure, Ollama, vLLM and llama.cpp accept it as `json_schema`.
// The answer is validated again item by item (lenient) and then against the catalog and profile.

import { z } from 'zod';

export const KPI_AGGREGATIONS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max'] as const;
export const KPI_GRAINS = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;

export const llmEntitySchema = z.object({
	stream: z.string().describe('a stream name from the data'),
	label: z.string().describe('business name of one row, singular, e.g. "invoice line"'),
	description: z.string().describe('one sentence: what one row means to the business'),
});

export const llmRelationshipSchema = z.object({
	fromStream: z.string(),
	fromColumn: z.string(),
	toStream: z.string(),
	description: z.string().describe('one sentence in business words'),
});

export const llmKpiSchema = z.object({
	name: z.string(),
	description: z.string(),
	stream: z.string(),
	measureColumn: z.string().nullable().describe('null to count rows'),
	aggregation: z.enum(KPI_AGGREGATIONS),
	timeColumn: z.string().nullable(),
	grain: z.enum(KPI_GRAINS).nullable(),
	filterColumn: z.string().nullable(),
	filterValues: z.array(z.string()).max(10),
});

export const llmAnalysisSchema = z.object({
	businessType: z.string().describe('one business type id from the list'),
	businessSummary: z.string().describe('two sentences: what the business does and how it earns money'),
	entities: z.array(llmEntitySchema).max(60).describe('one per stream'),
	relationships: z.array(llmRelationshipSchema).max(60).describe('the foreign keys shown, in business words'),
	kpis: z.array(llmKpiSchema).max(12).describe('measurable on the columns shown'),
	insights: z.array(z.string()).max(8).describe('business observations, including data quality'),
});

export type LlmAnalysis = z.infer<typeof llmAnalysisSchema>;
export type LlmEntity = z.infer<typeof llmEntitySchema>;
export type LlmRelationship = z.infer<typeof llmRelationshipSchema>;
export type LlmKpi = z.infer<typeof llmKpiSchema>;

/** Plain-text description of the answer shape, for models without structured output (null where none). */
export const LLM_ANSWER_SHAPE = `{"businessType","businessSummary","entities":[{"stream","label","description"}],"relationships":[{"fromStream","fromColumn","toStream","description"}],"kpis":[{"name","description","stream","measureColumn","aggregation":"${KPI_AGGREGATIONS.join('|')}","timeColumn","grain":"${KPI_GRAINS.join('|')}","filterColumn","filterValues":[]}],"insights":[]}`;
