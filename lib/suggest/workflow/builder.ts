// Assembles a complete, importable n8n workflow from a small graph spec: deterministic node ids, a
// left-to-right layout, connections by node name, credential placeholders and an explanatory sticky note.
import { createHash } from 'crypto';

import { CREDENTIALS, NODE_TYPES, type NodeKind } from './nodes';
import type { Connections, Parameters, WorkflowJson, WorkflowNode } from './types';

export interface StepSpec {
	kind: NodeKind;
	name: string;
	parameters: Parameters;
	onError?: WorkflowNode['onError'];
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	/** Credential placeholder key in CREDENTIALS; defaults to the node kind. */
	credentials?: string;
}

export interface EdgeSpec {
	from: string;
	to: string;
	/** Output index of the source (If: 0 = true, 1 = false; error output = 1 with continueErrorOutput). */
	output?: number;
}

export interface GraphSpec {
	name: string;
	steps: StepSpec[];
	edges: EdgeSpec[];
	/** Markdown for the sticky note. */
	note: string;
	/** One-paragraph description of what the workflow does and why. */
	description: string;
}

/** A UUID-shaped id derived from the text, so the same suggestion always yields the same ids. */
export function stableId(...parts: string[]): string {
	const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const X0 = 0;
const Y0 = 320;
const DX = 260;
const DY = 180;

function layout(spec: GraphSpec): Map<string, [number, number]> {
	const depth = new Map<string, number>();
	const lane = new Map<string, number>();
	const incoming = new Set(spec.edges.map((e) => e.to));
	const roots = spec.steps.filter((s) => !incoming.has(s.name)).map((s) => s.name);
	const queue = [...roots];
	roots.forEach((r, i) => {
		depth.set(r, 0);
		lane.set(r, i);
	});
	while (queue.length) {
		const name = queue.shift() as string;
		for (const e of spec.edges.filter((x) => x.from === name)) {
			const d = (depth.get(name) ?? 0) + 1;
			if ((depth.get(e.to) ?? -1) < d) {
				depth.set(e.to, d);
				lane.set(e.to, (lane.get(name) ?? 0) + (e.output ?? 0));
				queue.push(e.to);
			}
		}
	}
	const positions = new Map<string, [number, number]>();
	for (const s of spec.steps) positions.set(s.name, [X0 + DX * (depth.get(s.name) ?? 0), Y0 + DY * (lane.get(s.name) ?? 0)]);
	return positions;
}

export function buildWorkflow(spec: GraphSpec): WorkflowJson {
	const names = new Set<string>();
	for (const s of spec.steps) {
		if (names.has(s.name)) throw new Error(`Duplicate node name "${s.name}" in workflow "${spec.name}".`);
		names.add(s.name);
	}
	for (const e of spec.edges) {
		if (!names.has(e.from) || !names.has(e.to)) throw new Error(`Edge ${e.from} → ${e.to} names an unknown node.`);
	}
	const positions = layout(spec);
	const nodes: WorkflowNode[] = spec.steps.map((s) => {
		const { type, typeVersion } = NODE_TYPES[s.kind];
		const node: WorkflowNode = {
			id: stableId(spec.name, s.name),
			name: s.name,
			type,
			typeVersion,
			position: positions.get(s.name) as [number, number],
			parameters: s.parameters,
		};
		const creds = CREDENTIALS[s.credentials ?? s.kind];
		if (creds) node.credentials = structuredClone(creds);
		if (s.onError) node.onError = s.onError;
		if (s.executeOnce) node.executeOnce = true;
		if (s.alwaysOutputData) node.alwaysOutputData = true;
		return node;
	});
	const noteLines = spec.note.split('\n');
	const width = Math.max(DX * Math.max(...[...positions.values()].map(([x]) => x / DX)) + 220, 480);
	const height = Math.min(Math.max(120 + noteLines.length * 22, 200), 300);
	nodes.unshift({
		id: stableId(spec.name, 'sticky'),
		name: 'About this workflow',
		type: NODE_TYPES.stickyNote.type,
		typeVersion: NODE_TYPES.stickyNote.typeVersion,
		position: [X0 - 40, Y0 - height - 40],
		parameters: { content: spec.note, height, width, color: 4 },
	});
	const connections: Connections = {};
	for (const e of spec.edges) {
		const out = e.output ?? 0;
		const entry = (connections[e.from] ??= { main: [] });
		while (entry.main.length <= out) entry.main.push([]);
		entry.main[out].push({ node: e.to, type: 'main', index: 0 });
	}
	return { name: spec.name, description: spec.description, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}
