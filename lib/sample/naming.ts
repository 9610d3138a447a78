// Names of everything a sample run creates: unique per run, recognisable later by Clean Up Orphans, and
// already in destination-postgres' normal form so the namespace is the schema name verbatim.
import { randomBytes } from 'crypto';

export const SAMPLE_NAMESPACE_PREFIX = 'n8n_sample_';
export const SAMPLE_CONNECTION_PREFIX = 'n8n-sample-';

const RUN_ID = /^[0-9a-f]{12}$/;
const NAMESPACE = /^n8n_sample_([0-9a-f]{12})$/;
const CONNECTION_NAME = /^n8n-sample-([0-9a-f]{12})(?: \((\d{4}-\d{2}-\d{2}T[0-9:.]+Z)\))?/;

/** 48 random bits: concurrent samples of one source never share a namespace or a connection. */
export function newRunId(): string {
	return randomBytes(6).toString('hex');
}

export function isRunId(value: string): boolean {
	return RUN_ID.test(value);
}

export function sampleNamespace(runId: string): string {
	if (!isRunId(runId)) throw new Error(`Not a sample run id: ${JSON.stringify(runId)}`);
	return `${SAMPLE_NAMESPACE_PREFIX}${runId}`;
}

/** The run id of a sample namespace, or undefined for any other schema name (never drop those). */
export function runIdOfNamespace(namespace: string): string | undefined {
	return NAMESPACE.exec(namespace)?.[1];
}

export function sampleConnectionName(runId: string, createdAt: Date): string {
	return `${SAMPLE_CONNECTION_PREFIX}${runId} (${createdAt.toISOString()})`;
}

export function parseSampleConnectionName(name: string): { runId: string; createdAt?: Date } | undefined {
	const m = CONNECTION_NAME.exec(name);
	if (!m) return undefined;
	const createdAt = m[2] ? new Date(m[2]) : undefined;
	return { runId: m[1], createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : undefined };
}
