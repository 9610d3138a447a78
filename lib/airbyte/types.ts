// Named aliases over the types generated from Airbyte's api.yaml, so the rest of the code reads like the API.
import type { components, operations } from './generated/api';

type Schemas = components['schemas'];
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type WorkspaceResponse = Schemas['WorkspaceResponse'];
export type WorkspacesResponse = Schemas['WorkspacesResponse'];
export type SourceResponse = Schemas['SourceResponse'];
export type SourcesResponse = Schemas['SourcesResponse'];
export type SourceCreateRequest = Schemas['SourceCreateRequest'];
export type SourcePatchRequest = Schemas['SourcePatchRequest'];
export type DestinationResponse = Schemas['DestinationResponse'];
export type DestinationsResponse = Schemas['DestinationsResponse'];
export type DestinationCreateRequest = Schemas['DestinationCreateRequest'];
export type DestinationPatchRequest = Schemas['DestinationPatchRequest'];
export type ConnectionResponse = Schemas['ConnectionResponse'];
export type ConnectionsResponse = Schemas['ConnectionsResponse'];
export type ConnectionCreateRequest = Schemas['ConnectionCreateRequest'];
export type ConnectionPatchRequest = Schemas['ConnectionPatchRequest'];
export type StreamConfiguration = Schemas['StreamConfiguration'];
export type ConnectionSyncMode = Schemas['ConnectionSyncModeEnum'];
export type JobResponse = Schemas['JobResponse'];
export type JobsResponse = Schemas['JobsResponse'];
export type JobStatus = Schemas['JobStatusEnum'];
export type JobCreateRequest = Schemas['JobCreateRequest'];
export type JobType = Schemas['JobTypeEnum'];
export type StreamProperties = Schemas['StreamProperties'];
export type ConnectorDefinitionResponse = Schemas['ConnectorDefinitionResponse'];
export type ConnectorType = Schemas['ConnectorType'];
export type AccessTokenResponse = Schemas['PublicAccessTokenResponse'];
export type Tag = Schemas['Tag'];
export type TagResponse = Schemas['TagResponse'];
export type TagsResponse = Schemas['TagsResponse'];
export type TagCreateRequest = Schemas['TagCreateRequest'];
export type TagPatchRequest = Schemas['TagPatchRequest'];

export type ListWorkspacesQuery = Query<'listWorkspaces'>;
export type ListSourcesQuery = Query<'listSources'>;
export type ListDestinationsQuery = Query<'listDestinations'>;
export type ListConnectionsQuery = Query<'listConnections'>;
export type ListJobsQuery = Query<'listJobs'>;
export type StreamPropertiesQuery = Query<'getStreamProperties'>;
export type ConnectorDefinitionsQuery = Query<'listConnectorDefinitions'>;
export type ListTagsQuery = Query<'listTags'>;

/** Job statuses after which Airbyte never changes the job again. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminalJobStatus(status: string): boolean {
	return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}
