// Builders for the small workflows the end-to-end tests and `npm start` create in real n8n.
import { randomUUID } from 'node:crypto';

import type { N8nNodeJson, N8nWorkflowJson } from './n8n-api';

export interface WebhookWorkflowOptions {
	name: string;
	/** Production URL: /webhook/<path>. */
	path: string;
	/** Nodes after the webhook, run in this order; the last one's output is the answer. */
	steps: Array<Omit<N8nNodeJson, 'id' | 'position'> & Partial<Pick<N8nNodeJson, 'id' | 'position'>>>;
	/** `allEntries` answers with every item's json as an array; `firstEntryJson` with the first item's json. */
	responseData?: 'allEntries' | 'firstEntryJson';
	httpMethod?: 'GET' | 'POST';
}

/** Webhook (responseMode lastNode) -> steps..., connected in a line. */
export function webhookWorkflow(options: WebhookWorkflowOptions): N8nWorkflowJson {
	const webhook: N8nNodeJson = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: options.httpMethod ?? 'POST',
			path: options.path,
			responseMode: 'lastNode',
			responseData: options.responseData ?? 'allEntries',
			options: {},
		},
	};
	const nodes: N8nNodeJson[] = [webhook];
	options.steps.forEach((step, i) => nodes.push({ id: randomUUID(), position: [240 * (i + 1), 0], ...step } as N8nNodeJson));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name: options.name, nodes, connections, settings: { executionOrder: 'v1' } };
}
