// In-process node harness on n8n-core's WorkflowExecute: runs a workflow JSON with real n8n semantics
// (parameter defaults, expressions, pairedItem, continueOnFail/onError, the execution cancel signal, and
// credentials whose authenticate/preAuthentication run through httpRequestWithAuthentication over real HTTP).
// n8n's own NodeTestHarness (packages/core/nodes-testing) is not published; this is our small equivalent.
import './n8n-harness-env';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunData,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper, type CredentialStore } from './n8n-credentials-helper';
import { STAND_IN_NODE_TYPES } from './n8n-test-nodes';

export const PACKAGE_NAME = 'n8n-nodes-airbyte-onboarding';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

export type AnyNodeType = INodeType | IVersionedNodeType;

/** The subset of a workflow JSON the harness needs (a full exported n8n workflow also fits). */
export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
}

export interface RunWorkflowOptions {
	/** Node types by full type name (`n8n-nodes-airbyte-onboarding.x`); stand-ins for manualTrigger/noOp are added. */
	nodeTypes?: Record<string, AnyNodeType>;
	/** Credential type definitions; defaults to the package's own (package.json n8n.credentials, from TS sources). */
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential type name; nodes that declare the type get it assigned. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items the start node receives (plain objects are wrapped as `{ json }`). Default: one empty item. */
	inputItems?: Array<INodeExecutionData | IDataObject>;
	/** Name of the node to start from; default: the first node without incoming main connections. */
	startNode?: string;
	/** Aborting it cancels the execution like the Stop button (nodes see getExecutionCancelSignal()). */
	signal?: AbortSignal;
	mode?: WorkflowExecuteMode;
}

export interface HarnessRun {
	status: ExecutionStatus;
	run: IRun;
	runData: IRunData;
	/** The workflow-level error, if the execution failed or was cancelled. */
	error?: ExecutionError;
	/** Node names in the order they finished. */
	executionOrder: string[];
	/** Credential store after the run (preAuthentication results are persisted into it). */
	credentials: CredentialStore;
	credentialsHelper: HarnessCredentialsHelper;
	/** Items a node emitted on one output of one run (throws when the node did not run). */
	outputOf(nodeName: string, output?: number, runIndex?: number): INodeExecutionData[];
	/** Just the json of outputOf(). */
	jsonOf(nodeName: string, output?: number, runIndex?: number): IDataObject[];
	/** The task data of one run of a node (error, executionStatus, hints...). */
	taskOf(nodeName: string, runIndex?: number): ITaskData;
}

/** An INodeTypes over a plain map, versioned node types resolved like n8n does. */
export function createNodeTypes(types: Record<string, AnyNodeType>): INodeTypes {
	const get = (type: string) => {
		const nodeType = types[type];
		if (!nodeType) throw new Error(`Unrecognized node type: ${type} (register it in options.nodeTypes)`);
		return nodeType;
	};
	return {
		getByName: (type) => get(type),
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(get(type), version),
		getKnownTypes: () => Object.fromEntries(Object.keys(types).map((t) => [t, {}])),
	};
}

interface PackageJsonN8n {
	n8n?: { nodes?: string[]; credentials?: string[] };
}

function readPackageN8n(): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJsonN8n;
	return { nodes: pkg.n8n?.nodes ?? [], credentials: pkg.n8n?.credentials ?? [] };
}

/** `dist/nodes/X/X.node.js` -> the TypeScript source and the class n8n's loader would instantiate. */
function loadFromSource<T>(distPath: string): T {
	const source = path.join(REPO_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = path.basename(distPath).split('.')[0];
	const exported = require(source) as Record<string, new () => T>;
	const Class = exported[className];
	if (typeof Class !== 'function') throw new Error(`${source} does not export class ${className} (n8n's loader needs it)`);
	return new Class();
}

/** Our package's node types from their TypeScript sources, under `n8n-nodes-airbyte-onboarding.<name>`. */
export function packageNodeTypes(): Record<string, AnyNodeType> {
	const types: Record<string, AnyNodeType> = {};
	for (const file of readPackageN8n().nodes) {
		const nodeType = loadFromSource<AnyNodeType>(file);
		types[`${PACKAGE_NAME}.${nodeType.description.name}`] = nodeType;
	}
	return types;
}

/** Our package's credential types from their TypeScript sources. */
export function packageCredentialTypes(): ICredentialType[] {
	return readPackageN8n().credentials.map((file) => loadFromSource<ICredentialType>(file));
}

/** Register node instances under our package prefix: `ourNodes(new X())` -> `{ 'n8n-nodes-airbyte-onboarding.x': ... }`. */
export function ourNodes(...instances: AnyNodeType[]): Record<string, AnyNodeType> {
	return Object.fromEntries(instances.map((n) => [`${PACKAGE_NAME}.${n.description.name}`, n]));
}

function toItems(items: Array<INodeExecutionData | IDataObject> | undefined): INodeExecutionData[] {
	if (!items) return [{ json: {} }];
	return items.map((item) =>
		typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json)
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
}

function credentialNamesOf(nodeType: AnyNodeType, version: number): string[] {
	const resolved = NodeHelpers.getVersionedNodeType(nodeType, version);
	return (resolved.description.credentials ?? []).map((c) => c.name);
}

/** Gives every node that declares a credential type we have data for a reference to it (as the editor would). */
function assignCredentials(nodes: INode[], nodeTypes: INodeTypes, available: string[]): INode[] {
	return nodes.map((node) => {
		const declared = credentialNamesOf(nodeTypes.getByName(node.type), node.typeVersion);
		const missing = declared.filter((name) => available.includes(name) && !node.credentials?.[name]);
		if (missing.length === 0) return node;
		const credentials = { ...(node.credentials ?? {}) };
		for (const name of missing) credentials[name] = { id: `harness-${name}`, name };
		return { ...node, credentials };
	});
}

function pickStartNode(workflow: Workflow, requested?: string): INode {
	if (requested) {
		const node = workflow.getNode(requested);
		if (!node) throw new Error(`Start node "${requested}" is not in the workflow`);
		return node;
	}
	const targets = new Set<string>();
	for (const byType of Object.values(workflow.connectionsBySourceNode)) {
		for (const outputs of byType.main ?? []) for (const c of outputs ?? []) targets.add(c.node);
	}
	const start = Object.values(workflow.nodes).find((n) => !n.disabled && !targets.has(n.name));
	if (!start) throw new Error('The workflow has no node without incoming connections to start from');
	return start;
}

export async function runWorkflow(workflowJson: WorkflowJson, options: RunWorkflowOptions = {}): Promise<HarnessRun> {
	const nodeTypes = createNodeTypes({ ...STAND_IN_NODE_TYPES, ...(options.nodeTypes ?? {}) });
	const store: CredentialStore = Object.fromEntries(
		Object.entries(options.credentials ?? {}).map(([type, data]) => [type, { ...data }]),
	);
	const credentialTypes = options.credentialTypes ?? (Object.keys(store).length > 0 ? packageCredentialTypes() : []);
	const credentialsHelper = new HarnessCredentialsHelper(new Map(credentialTypes.map((c) => [c.name, c])), store);

	const nodes = assignCredentials(structuredClone(workflowJson.nodes), nodeTypes, Object.keys(store));
	const workflowData: IWorkflowBase = {
		id: 'harness',
		name: workflowJson.name ?? 'harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes,
		connections: workflowJson.connections,
		settings: { executionOrder: 'v1', ...(workflowJson.settings ?? {}) },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});

	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'harness-execution', workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		executionOrder.push(nodeName);
	});
	const additionalData = {
		hooks,
		credentialsHelper,
		executionId: 'harness-execution',
		currentNodeParameters: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = pickStartNode(workflow, options.startNode);
	const runExecutionData = {
		startData: {},
		resultData: { runData: {}, pinData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: startNode, data: { main: [toItems(options.inputItems)] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	let cancelled = false;
	const cancel = () => {
		cancelled = true;
		execution.cancel();
	};
	if (options.signal?.aborted) cancel();
	options.signal?.addEventListener('abort', cancel, { once: true });
	let run: IRun;
	try {
		// After a cancel this still waits until the running node has returned (n8n sets shouldReject=false).
		run = await execution;
	} finally {
		options.signal?.removeEventListener('abort', cancel);
	}

	const runData = run.data.resultData.runData;
	const taskOf = (nodeName: string, runIndex = 0): ITaskData => {
		const task = runData[nodeName]?.[runIndex];
		if (!task) throw new Error(`Node "${nodeName}" has no run ${runIndex} (ran: ${Object.keys(runData).join(', ') || 'none'})`);
		return task;
	};
	const outputOf = (nodeName: string, output = 0, runIndex = 0): INodeExecutionData[] => {
		const task = taskOf(nodeName, runIndex);
		if (task.error && !task.data) throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
		return task.data?.main?.[output] ?? [];
	};
	return {
		// n8n records a stopped execution as canceled (the cancel hook's snapshot), whatever the node threw
		// while unwinding; runData still shows how the running node ended.
		status: cancelled ? 'canceled' : run.status,
		run,
		runData,
		error: run.data.resultData.error,
		executionOrder,
		credentials: store,
		credentialsHelper,
		outputOf,
		jsonOf: (nodeName, output, runIndex) => outputOf(nodeName, output, runIndex).map((item) => item.json),
		taskOf,
	};
}

/** A linear workflow `Start -> node1 -> node2 ...` (each `{ name?, type, typeVersion?, parameters?, onError? }`). */
export function linearWorkflow(
	steps: Array<Partial<INode> & Pick<INode, 'type'>>,
	start: Partial<INode> = {},
): WorkflowJson {
	const startNode: INode = {
		id: 'start',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...start,
	};
	const nodes: INode[] = [startNode];
	steps.forEach((step, i) => {
		nodes.push({
			id: `n${i + 1}`,
			name: step.name ?? `Node ${i + 1}`,
			typeVersion: 1,
			position: [(i + 1) * 200, 0],
			parameters: {},
			...step,
		} as INode);
	});
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}
