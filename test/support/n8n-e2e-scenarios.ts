// How to run each of our nodes behind a webhook in real n8n, for the first end-to-end test: the test picks
// the first node registered in package.json `n8n.nodes` that has a scenario here. A scenario creates what
// the node needs (credentials through n8n's public API, services such as the Airbyte emulator) and checks
// the webhook's answer against what the node must have produced.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { createTestDatabase } from './database';
import type { N8nInstance } from './n8n-instance';
import { PACKAGE_NAME_PREFIX, REPO_ROOT } from './n8n-package';
import type { WebhookWorkflowOptions } from './n8n-workflows';
import { createAirbyteCredential } from './n8n-test-credentials';

export interface PreparedScenario {
	/** Nodes behind the webhook; the last one's items are the answer (responseData allEntries). */
	steps: WebhookWorkflowOptions['steps'];
	/** The JSON body POSTed to the webhook. */
	body: unknown;
	/** Asserts the webhook's answer (jest expect). */
	check(answer: unknown): void;
	cleanup(): Promise<void>;
}

export interface RegisteredNode {
	/** description.name, e.g. `airbyte`. */
	name: string;
	/** `n8n-nodes-airbyte-onboarding.<name>` */
	type: string;
	displayName: string;
	/** The version the editor would place (defaultVersion or the highest). */
	typeVersion: number;
}

export type Scenario = (n8n: N8nInstance, node: RegisteredNode) => Promise<PreparedScenario>;

/** Our nodes as package.json registers them, read from the built dist/ (what the packed package contains). */
export function registeredNodes(root = REPO_ROOT): RegisteredNode[] {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[] } };
	return (pkg.n8n?.nodes ?? []).map((file) => {
		const className = path.basename(file).split('.')[0];
		const nodeType = new (require(path.join(root, file))[className] as new () => INodeType | IVersionedNodeType)();
		const description = nodeType.description as INodeType['description'] & { defaultVersion?: number };
		const versions = 'nodeVersions' in nodeType ? Object.keys(nodeType.nodeVersions).map(Number) : [description.version].flat();
		return {
			name: description.name,
			type: `${PACKAGE_NAME_PREFIX}.${description.name}`,
			displayName: description.displayName,
			typeVersion: description.defaultVersion ?? Math.max(...versions),
		};
	});
}

/** Airbyte node, Workspace > List, against the spec-validated Airbyte emulator with client-credentials auth. */
const airbyte: Scenario = async (n8n, node) => {
	const { startEmulator } = await import('../airbyte-emulator');
	const database = await createTestDatabase('e2e_airbyte');
	const emulator = await startEmulator({ databaseUrl: database.url, seed: { faker: { count: 10, seed: 1 }, datasets: false } });
	const credential = await createAirbyteCredential(n8n.api, 'Airbyte (emulator)', emulator);
	return {
		steps: [
			{
				name: node.displayName,
				type: node.type,
				typeVersion: node.typeVersion,
				parameters: { resource: 'workspace', operation: 'list' },
				credentials: { airbyteApi: { id: credential.id, name: credential.name } },
			},
		],
		body: {},
		check(answer) {
			expect(Array.isArray(answer)).toBe(true);
			expect(answer).toEqual(expect.arrayContaining([expect.objectContaining({ workspaceId: emulator.workspaceId })]));
			expect(JSON.stringify(answer)).not.toContain(emulator.clientSecret);
			expect(emulator.violations()).toEqual([]);
		},
		async cleanup() {
			await emulator.stop();
			await database.drop();
		},
	};
};

export const SCENARIOS: Record<string, Scenario> = { airbyte };

/** The first registered node with a scenario, or a clear error saying what is missing. */
export function firstScenario(root = REPO_ROOT): { node: RegisteredNode; scenario: Scenario } {
	const nodes = registeredNodes(root);
	if (nodes.length === 0) throw new Error('No node of ours is registered in package.json n8n.nodes: nothing to run in n8n yet');
	const node = nodes.find((n) => SCENARIOS[n.name]);
	if (!node) {
		throw new Error(`None of our registered nodes (${nodes.map((n) => n.name).join(', ')}) has an end-to-end scenario in test/support/n8n-e2e-scenarios.ts`);
	}
	return { node, scenario: SCENARIOS[node.name] };
}
