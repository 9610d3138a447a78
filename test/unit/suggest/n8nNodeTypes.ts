// The real n8n-nodes-base 2.41.1 node types, loaded from the n8n install the e2e harness keeps outside the
// repo, as an `INodeTypes` for @n8n/workflow-sdk's validateWorkflow and n8n-workflow's parameter checks.
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { NodeHelpers, type INode, type INodeType, type INodeTypeDescription, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';

export const N8N_BASE = '/root/.cache/n8n-airbyte-onboarding/n8n-2.41.1/node_modules/n8n-nodes-base';

const FILES: Record<string, string> = {
	'n8n-nodes-base.scheduleTrigger': 'dist/nodes/Schedule/ScheduleTrigger.node.js',
	'n8n-nodes-base.postgres': 'dist/nodes/Postgres/Postgres.node.js',
	'n8n-nodes-base.if': 'dist/nodes/If/If.node.js',
	'n8n-nodes-base.slack': 'dist/nodes/Slack/Slack.node.js',
	'n8n-nodes-base.emailSend': 'dist/nodes/EmailSend/EmailSend.node.js',
	'n8n-nodes-base.httpRequest': 'dist/nodes/HttpRequest/HttpRequest.node.js',
	'n8n-nodes-base.stickyNote': 'dist/nodes/StickyNote/StickyNote.node.js',
	'n8n-nodes-base.webhook': 'dist/nodes/Webhook/Webhook.node.js',
	'n8n-nodes-base.respondToWebhook': 'dist/nodes/RespondToWebhook/RespondToWebhook.node.js',
};

export function isChecked(type: string): boolean {
	return type in FILES || type in OWN;
}

export function n8nBaseAvailable(): boolean {
	return existsSync(join(N8N_BASE, FILES['n8n-nodes-base.postgres']));
}

let cache: Map<string, IVersionedNodeType> | undefined;

/** Node descriptions dumped by a plain node process, wrapped as versioned node types. */
function loadAll(): Map<string, IVersionedNodeType> {
	if (cache) return cache;
	const args = Object.entries(FILES).map(([type, file]) => `${type}=${file}`);
	const json = execFileSync(process.execPath, [join(__dirname, 'dump-node-types.js'), N8N_BASE, ...args], { maxBuffer: 64 << 20 }).toString();
	const dumped = JSON.parse(json) as Record<string, { defaultVersion?: number; versions: Record<string, INodeTypeDescription> }>;
	cache = new Map();
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

/** Our own node types, loaded from source (ts-jest), so generated workflows are checked against them too. */
const OWN: Record<string, () => INodeType> = {
	'n8n-nodes-airbyte-onboarding.airbyteTrigger': () => new (require('../../../nodes/AirbyteTrigger/AirbyteTrigger.node').AirbyteTrigger)(),
};

function load(type: string): INodeType | IVersionedNodeType | undefined {
	if (OWN[type]) return OWN[type]();
	return loadAll().get(type);
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => load(type) as INodeType,
	getByNameAndVersion: (type, version) => {
		const t = load(type);
		return (t ? NodeHelpers.getVersionedNodeType(t, version) : undefined) as INodeType;
	},
	getKnownTypes: () => ({}),
};

/** Versions the real node type declares. */
export function declaredVersions(type: string): number[] {
	const t = load(type);
	if (!t) return [];
	if ('nodeVersions' in t) return Object.keys(t.nodeVersions).map(Number);
	const v = t.description.version;
	return Array.isArray(v) ? v : [v];
}

/** Parameter issues (missing required parameters, wrong option values) as n8n's editor would show them. */
export function parameterIssues(node: INode): unknown {
	const t = load(node.type);
	if (!t) return undefined;
	const versioned = NodeHelpers.getVersionedNodeType(t, node.typeVersion);
	const description = versioned.description;
	const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
	return NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: parameters ?? {} }, description);
}

/** Top-level parameters that the node does not show for these settings, and option values it does not offer. */
export function unknownParameters(node: INode): string[] {
	const t = load(node.type);
	if (!t) return [];
	const description = NodeHelpers.getVersionedNodeType(t, node.typeVersion).description;
	const resolved = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
	// n8n adds `pollTimes` to every polling node when it loads it.
	const special = description.polling ? ['pollTimes'] : [];
	const problems = Object.keys(node.parameters).filter((k) => !(k in resolved) && !special.includes(k)).map((k) => `unknown parameter "${k}"`);
	for (const [key, value] of Object.entries(node.parameters)) {
		if (typeof value !== 'string' || value.startsWith('=')) continue;
		const props = description.properties.filter((p) => p.name === key && p.type === 'options' && p.options);
		if (!props.length) continue;
		const ok = props.some((p) => (p.options as Array<{ value?: unknown }>).some((o) => o.value === value));
		if (!ok) problems.push(`option value "${value}" not offered by "${key}"`);
	}
	return problems;
}
