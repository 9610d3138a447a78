// Node types the shipped templates use, for static checks: n8n-nodes-base 2.41.1 from the n8n install the e2e
// harness keeps outside the repo (descriptions dumped by a plain node process), and our own nodes from source.
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { NodeHelpers, type INode, type INodeType, type INodeTypeDescription, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';

import { Airbyte } from '../../../nodes/Airbyte/Airbyte.node';
import { AirbyteSample } from '../../../nodes/AirbyteSample/AirbyteSample.node';
import { AirbyteTrigger } from '../../../nodes/AirbyteTrigger/AirbyteTrigger.node';
import { DashboardBuilder } from '../../../nodes/DashboardBuilder/DashboardBuilder.node';
import { DataAnalyzer } from '../../../nodes/DataAnalyzer/DataAnalyzer.node';
import { SchemaDesigner } from '../../../nodes/SchemaDesigner/SchemaDesigner.node';
import { WorkflowSuggester } from '../../../nodes/WorkflowSuggester/WorkflowSuggester.node';

export const PACKAGE = 'n8n-nodes-airbyte-onboarding';
export const N8N_BASE = '/root/.cache/n8n-airbyte-onboarding/n8n-2.41.1/node_modules/n8n-nodes-base';

const BASE_FILES: Record<string, string> = {
	'n8n-nodes-base.webhook': 'dist/nodes/Webhook/Webhook.node.js',
	'n8n-nodes-base.respondToWebhook': 'dist/nodes/RespondToWebhook/RespondToWebhook.node.js',
	'n8n-nodes-base.postgres': 'dist/nodes/Postgres/Postgres.node.js',
	'n8n-nodes-base.set': 'dist/nodes/Set/Set.node.js',
	'n8n-nodes-base.if': 'dist/nodes/If/If.node.js',
	'n8n-nodes-base.n8n': 'dist/nodes/N8n/N8n.node.js',
	'n8n-nodes-base.stickyNote': 'dist/nodes/StickyNote/StickyNote.node.js',
	'n8n-nodes-base.slack': 'dist/nodes/Slack/Slack.node.js',
	'n8n-nodes-base.emailSend': 'dist/nodes/EmailSend/EmailSend.node.js',
	'n8n-nodes-base.noOp': 'dist/nodes/NoOp/NoOp.node.js',
	'n8n-nodes-base.httpRequest': 'dist/nodes/HttpRequest/HttpRequest.node.js',
};

/** Our shipped nodes by type, from source. */
export const OWN_NODES: Record<string, INodeType> = Object.fromEntries(
	[new Airbyte(), new AirbyteTrigger(), new AirbyteSample(), new DataAnalyzer(), new SchemaDesigner(), new WorkflowSuggester(), new DashboardBuilder()].map((n) => [
		`${PACKAGE}.${n.description.name}`,
		n,
	]),
);

export function n8nBaseAvailable(): boolean {
	return existsSync(join(N8N_BASE, BASE_FILES['n8n-nodes-base.postgres']));
}

export function knownBaseTypes(): string[] {
	return Object.keys(BASE_FILES);
}

let cache: Map<string, IVersionedNodeType> | undefined;

function loadBase(): Map<string, IVersionedNodeType> {
	if (cache) return cache;
	cache = new Map();
	if (!n8nBaseAvailable()) return cache;
	const dumper = join(__dirname, '../suggest/dump-node-types.js');
	const args = Object.entries(BASE_FILES).map(([type, file]) => `${type}=${file}`);
	const json = execFileSync(process.execPath, [dumper, N8N_BASE, ...args], { maxBuffer: 64 << 20 }).toString();
	const dumped = JSON.parse(json) as Record<string, { defaultVersion?: number; versions: Record<string, INodeTypeDescription> }>;
	for (const [type, d] of Object.entries(dumped)) {
		const nodeVersions: Record<number, INodeType> = {};
		for (const [v, description] of Object.entries(d.versions)) nodeVersions[Number(v)] = { description } as INodeType;
		const first = Object.values(d.versions)[0];
		const defaultVersion = d.defaultVersion ?? Math.max(...Object.keys(d.versions).map(Number));
		cache.set(type, {
			currentVersion: defaultVersion,
			nodeVersions,
			description: { ...first, defaultVersion } as never,
			getNodeType: (version?: number) => nodeVersions[version ?? defaultVersion],
		} as IVersionedNodeType);
	}
	return cache;
}

export function loadType(type: string): INodeType | IVersionedNodeType | undefined {
	return OWN_NODES[type] ?? loadBase().get(type);
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => loadType(type) as INodeType,
	getByNameAndVersion: (type, version) => {
		const t = loadType(type);
		return (t ? NodeHelpers.getVersionedNodeType(t, version) : undefined) as INodeType;
	},
	getKnownTypes: () => ({}),
};

export function declaredVersions(type: string): number[] {
	const t = loadType(type);
	if (!t) return [];
	if ('nodeVersions' in t) return Object.keys(t.nodeVersions).map(Number);
	const v = t.description.version;
	return Array.isArray(v) ? v : [v];
}

function descriptionOf(node: INode): INodeTypeDescription | undefined {
	const t = loadType(node.type);
	return t ? NodeHelpers.getVersionedNodeType(t, node.typeVersion).description : undefined;
}

/** Missing required parameters and wrong option values, as the editor would flag them. */
export function parameterIssues(node: INode): unknown {
	const description = descriptionOf(node);
	if (!description) return undefined;
	const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
	return NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: parameters ?? {} }, description);
}

/** Parameters the node does not show for these settings, and fixed option values it does not offer. */
export function unknownParameters(node: INode): string[] {
	const description = descriptionOf(node);
	if (!description) return [];
	const resolved = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
	const special = description.polling ? ['pollTimes'] : [];
	const problems = Object.keys(node.parameters).filter((k) => !(k in resolved) && !special.includes(k)).map((k) => `unknown parameter "${k}"`);
	for (const [key, value] of Object.entries(node.parameters)) {
		if (typeof value !== 'string' || value.startsWith('=')) continue;
		const props = description.properties.filter((p) => p.name === key && p.type === 'options' && p.options);
		if (!props.length) continue;
		if (!props.some((p) => (p.options as Array<{ value?: unknown }>).some((o) => o.value === value))) problems.push(`option value "${value}" not offered by "${key}"`);
	}
	return problems;
}

/** Credential types the node description declares. */
export function credentialTypesOf(node: INode): string[] {
	return (descriptionOf(node)?.credentials ?? []).map((c) => c.name);
}
