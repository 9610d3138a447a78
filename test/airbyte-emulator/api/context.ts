// What handlers get: state, spec helpers and the job runner.
import type { ProcessTracker } from '../connectors';
import type { Problems } from '../spec/problems';
import type { EmulatorState, Job } from '../state';
import type { TagsApiMode } from '../types';

export interface HandlerRequest {
	method: string;
	/** Path after the API prefix, e.g. `/jobs/3`. */
	path: string;
	/** Base for pagination links, e.g. `http://127.0.0.1:1234/api/public/v1`. */
	baseUrl: string;
	pathParams: Record<string, any>;
	query: Record<string, any>;
	body: any;
}

export interface HandlerResponse {
	status: number;
	body?: unknown;
}

export interface HandlerContext {
	state: EmulatorState;
	problems: Problems;
	tracker: ProcessTracker;
	referenceDir: string;
	startJob(connectionId: string, jobType: Job['jobType']): Job;
	/** Validates a connector configuration against api_sdk.yaml and the connector's spec (422 on failure). */
	checkConfiguration(kind: 'source' | 'destination', definitionId: string, configuration: Record<string, unknown>): Promise<void>;
	/** How this server answers /tags (see EmulatorOptions.tagsApi). */
	tagsApi(): TagsApiMode;
	discover(sourceId: string, refresh?: boolean): Promise<import('../../../lib/airbyte/protocol').AirbyteStream[]>;
}
