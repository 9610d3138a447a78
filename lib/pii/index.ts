export { classifyPii, piiFor } from './classify';
export { keyedHash, maskValue, redactProfile, redactRecord, scrubText } from './redact';
export { PII_RULES } from './rules';
export type { PiiColumn, PiiKind, PiiOptions, PiiPolicy, PiiReport } from './types';
export * as piiValidators from './validators';
