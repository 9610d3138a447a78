// In-memory records of the emulator's resources (what Airbyte keeps in its config database).
import type { AirbyteStream } from '../../lib/airbyte/protocol';

export interface Workspace {
	workspaceId: string;
	name: string;
	dataResidency: string;
	deleted: boolean;
}

export interface Actor {
	id: string;
	kind: 'source' | 'destination';
	name: string;
	workspaceId: string;
	definitionId: string;
	type: string;
	configuration: Record<string, unknown>;
	createdAt: number;
	deleted: boolean;
	/** Cached discover result (sources). */
	catalog?: AirbyteStream[];
}

export interface StreamConfig {
	name: string;
	namespace?: string;
	syncMode: string;
	cursorField?: string[];
	primaryKey?: string[][];
	selectedFields?: Array<{ fieldPath: string[] }>;
	[key: string]: unknown;
}

export interface Connection {
	connectionId: string;
	name: string;
	sourceId: string;
	destinationId: string;
	workspaceId: string;
	status: 'active' | 'inactive' | 'deprecated' | 'locked';
	schedule: { scheduleType: 'manual' | 'cron'; cronExpression?: string };
	nonBreakingSchemaUpdatesBehavior: string;
	namespaceDefinition: 'source' | 'destination' | 'custom_format';
	namespaceFormat?: string;
	prefix: string;
	streams: StreamConfig[];
	createdAt: number;
	/** Ids of the connection's tags (connection_tag rows); rendered from `EmulatorState.tags`. */
	tags: string[];
	/** Generation per stream (incremented by overwrite syncs and clears). */
	generations: Record<string, number>;
}

export interface Tag {
	tagId: string;
	workspaceId: string;
	name: string;
	color: string;
}

export interface StreamProgress {
	streamName: string;
	streamNamespace?: string;
	recordsEmitted: number;
	recordsCommitted: number;
	bytesEmitted: number;
	bytesCommitted: number;
}

export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'incomplete' | 'queued';

export interface Job {
	jobId: number;
	connectionId: string;
	workspaceId: string;
	jobType: 'sync' | 'reset' | 'clear' | 'refresh';
	status: JobStatus;
	createdAt: number;
	updatedAt: number;
	startedRunningAt?: number;
	streams: Map<string, StreamProgress>;
	failureReason?: string;
	/** Resolves when the job reaches a terminal state. */
	done: Promise<void>;
	cancel: () => void;
}

export function isTerminal(status: JobStatus): boolean {
	return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

export class EmulatorState {
	workspaces = new Map<string, Workspace>();
	actors = new Map<string, Actor>();
	connections = new Map<string, Connection>();
	jobs = new Map<number, Job>();
	tags = new Map<string, Tag>();
	nextJobId = 1;
}
