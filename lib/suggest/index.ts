export * from './inputs';
export { normaliseAnalysis, normaliseInputs, normaliseJobs, normaliseModel, normaliseProfile, normaliseSchemaPlan, type RawInputs } from './normalise';
export { buildContext, humanise, type DataContext, type TableCtx, type ColumnCtx } from './context';
export { suggestWorkflows, DEFAULT_OPTIONS, type Suggestion, type SuggestResult, type SuggestRequest } from './suggest';
export type { ChatModelLike } from './llm';
export { RECIPES } from './recipes';
export type { WorkflowJson } from './workflow/types';
