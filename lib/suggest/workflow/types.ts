// n8n workflow JSON as n8n imports it (n8n-workflow `IWorkflowBase` / @n8n/workflow-sdk `WorkflowJSON`).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Parameters = { [key: string]: Json };

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Parameters;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	notes?: string;
}

export interface ConnectionTarget {
	node: string;
	type: 'main';
	index: number;
}

export type Connections = Record<string, { main: ConnectionTarget[][] }>;

/**
 * Only the fields n8n's public API accepts on create (`active`, `tags` and `meta` are read-only there), so the
 * same JSON works for the n8n node's Create Workflow, the editor's import and `n8n import:workflow`; a
 * workflow without `active` always arrives inactive.
 */
export interface WorkflowJson {
	name: string;
	description: string;
	nodes: WorkflowNode[];
	connections: Connections;
	settings: { executionOrder: 'v1'; timezone?: string };
	pinData: Record<string, never>;
}
