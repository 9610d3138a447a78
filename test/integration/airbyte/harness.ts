// Shared set-up for the Airbyte node integration tests: a database, the spec-validated emulator on it,
// and a runner that executes one Airbyte node through n8n-core's WorkflowExecute with the real credential.
import { LoadOptionsContext, PollContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AirbyteApi } from '../../../credentials/AirbyteApi.credentials';
import { Airbyte } from '../../../nodes/Airbyte/Airbyte.node';
import { AirbyteTrigger } from '../../../nodes/AirbyteTrigger/AirbyteTrigger.node';
import { startEmulator, type EmulatorHandle } from '../../airbyte-emulator';
import type { EmulatorOptions } from '../../airbyte-emulator/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { HarnessCredentialsHelper } from '../../support/n8n-credentials-helper';
import { createNodeTypes, ourNodes, runWorkflow, type HarnessRun, type WorkflowJson } from '../../support/n8n-harness';

export const NODE_TYPE = 'n8n-nodes-airbyte-onboarding.airbyte';

export interface Env {
	db: TestDatabase;
	emu: EmulatorHandle;
	credentials: ICredentialDataDecryptedObject;
}

export async function startEnv(options: Partial<EmulatorOptions> = {}): Promise<Env> {
	const db = await createTestDatabase('ab');
	const emu = await startEmulator({ databaseUrl: db.url, ...options });
	const credentials = {
		environment: 'selfHosted',
		baseUrl: emu.publicApiBaseUrl,
		authentication: 'clientCredentials',
		clientId: emu.clientId,
		clientSecret: emu.clientSecret,
		tokenUrl: '',
		sessionToken: '',
	};
	return { db, emu, credentials };
}

export async function stopEnv(env: Env | undefined): Promise<void> {
	if (!env) return;
	await env.emu.stop();
	await env.db.drop();
}

export function nodeWorkflow(parameters: IDataObject, extra: Partial<INode> = {}): WorkflowJson {
	return {
		nodes: [
			{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: '2', name: 'Airbyte', type: NODE_TYPE, typeVersion: 1, position: [200, 0], parameters, ...extra } as INode,
		],
		connections: { Start: { main: [[{ node: 'Airbyte', type: 'main', index: 0 }]] } },
	};
}

export interface RunOptions {
	inputItems?: IDataObject[];
	signal?: AbortSignal;
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
}

export async function runNode(env: Env, parameters: IDataObject, options: RunOptions = {}): Promise<HarnessRun> {
	return await runWorkflow(nodeWorkflow(parameters, options.continueOnFail ? { onError: 'continueRegularOutput' } : {}), {
		nodeTypes: ourNodes(new Airbyte(), new AirbyteTrigger()),
		credentialTypes: [new AirbyteApi()],
		credentials: { airbyteApi: options.credentials ?? env.credentials },
		inputItems: options.inputItems,
		signal: options.signal,
	});
}

/** The output of the Airbyte node; fails with the node's error message when it failed. */
export function output(run: HarnessRun): IDataObject[] {
	const task = run.taskOf('Airbyte');
	if (task.error) throw new Error(`Airbyte node failed: ${task.error.message} | ${task.error.description ?? ''}`);
	return run.jsonOf('Airbyte');
}

export function nodeError(run: HarnessRun): { message: string; description?: string | null } {
	const task = run.taskOf('Airbyte');
	if (!task.error) throw new Error(`Expected the Airbyte node to fail, it returned ${JSON.stringify(run.jsonOf('Airbyte')).slice(0, 300)}`);
	return { message: task.error.message, description: task.error.description };
}

export const id = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

/** Polls the Airbyte Trigger as an active workflow would (mode 'trigger'), keeping static data in `workflow`. */
export function triggerPoller(env: Env, parameters: IDataObject) {
	const node = {
		id: 't',
		name: 'Airbyte Trigger',
		type: 'n8n-nodes-airbyte-onboarding.airbyteTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { airbyteApi: { id: 'harness-airbyteApi', name: 'airbyteApi' } },
	} as INode;
	const nodeTypes = createNodeTypes(ourNodes(new AirbyteTrigger()));
	const workflow = new Workflow({ id: 'poll', name: 'poll', nodes: [node], connections: {}, active: true, nodeTypes, staticData: {} });
	const store = { airbyteApi: { ...env.credentials } };
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(new Map([['airbyteApi', new AirbyteApi()]]), store),
		executionId: 'poll',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const trigger = new AirbyteTrigger();
	return {
		workflow,
		async poll(): Promise<IDataObject[]> {
			const context = new PollContext(workflow, node, additionalData, 'trigger', 'activate');
			const result = await trigger.poll.call(context);
			return (result?.[0] ?? []).map((item) => item.json);
		},
	};
}

/** A real n8n-core LoadOptionsContext for the Airbyte node (what the editor uses for resource locator lists). */
export function loadOptionsContext(env: Env, currentNodeParameters: IDataObject = {}): LoadOptionsContext {
	const node = {
		id: 'a',
		name: 'Airbyte',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: currentNodeParameters,
		credentials: { airbyteApi: { id: 'harness-airbyteApi', name: 'airbyteApi' } },
	} as INode;
	const nodeTypes = createNodeTypes(ourNodes(new Airbyte()));
	const workflow = new Workflow({ id: 'lo', name: 'lo', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(new Map([['airbyteApi', new AirbyteApi()]]), { airbyteApi: { ...env.credentials } }),
		currentNodeParameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.x');
}
