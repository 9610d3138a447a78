// Shared set-up for the Airbyte node integration tests: a database, the spec-validated emulator on it,
// and a runner that executes one Airbyte node through n8n-core's WorkflowExecute with the real credential.
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { AirbyteApi } from '../../../credentials/AirbyteApi.credentials';
import { Airbyte } from '../../../nodes/Airbyte/Airbyte.node';
import { AirbyteTrigger } from '../../../nodes/AirbyteTrigger/AirbyteTrigger.node';
import { startEmulator, type EmulatorHandle } from '../../airbyte-emulator';
import type { EmulatorOptions } from '../../airbyte-emulator/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { ourNodes, runWorkflow, type HarnessRun, type WorkflowJson } from '../../support/n8n-harness';

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
