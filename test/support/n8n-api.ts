// Talks to a running n8n: REST login + API key creation (what a user does once in Settings), then the public
// API (credentials, workflows, activation, executions) and production webhooks.
import { readFileSync } from 'node:fs';

export interface N8nNodeJson {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface N8nWorkflowJson {
	id?: string;
	name: string;
	nodes: N8nNodeJson[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface N8nExecution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: unknown }>> }; error?: { message: string } }>>; error?: { message: string } } };
}

export interface WebhookResponse {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON, or undefined when it is not JSON. */
	json: unknown;
}

export class N8nApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: string,
	) {
		super(message);
	}
}

async function readJson(response: Response, what: string): Promise<any> {
	const text = await response.text();
	if (!response.ok) throw new N8nApiError(`${what}: HTTP ${response.status} ${text.slice(0, 500)}`, response.status, text);
	return text ? JSON.parse(text) : undefined;
}

/** Logs in with the owner's email and password and returns the n8n-auth cookie. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	await readJson(response, 'POST /rest/login');
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
	return cookie.split(';')[0];
}

/** Creates an API key with every scope the instance offers (POST /rest/api-keys; there is no env var for it). */
export async function createApiKey(baseUrl: string, cookie: string, label = 'e2e'): Promise<string> {
	const scopes = (await readJson(await fetch(`${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } }), 'GET /rest/api-keys/scopes'))
		.data as string[];
	const created = await readJson(
		await fetch(`${baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ label, scopes, expiresAt: null }),
		}),
		'POST /rest/api-keys',
	);
	return created.data.rawApiKey as string;
}

export class N8nApi {
	constructor(
		readonly baseUrl: string,
		readonly apiKey: string,
	) {}

	async request<T = any>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return (await readJson(response, `${method} /api/v1${route}`)) as T;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string; type: string }> {
		return await this.request('POST', '/credentials', { name, type, data });
	}

	async deleteCredential(id: string): Promise<void> {
		await this.request('DELETE', `/credentials/${id}`);
	}

	/**
	 * Creates a workflow. Node credential references are matched by credential type against `credentials`
	 * (type -> created credential), the way a user picks their own credential after importing a template.
	 */
	async createWorkflow(
		workflow: N8nWorkflowJson,
		credentials: Record<string, { id: string; name: string }> = {},
	): Promise<N8nWorkflowJson & { id: string; active: boolean }> {
		const nodes = workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const refs = Object.fromEntries(
				Object.entries(node.credentials).map(([type, ref]) => [type, credentials[type] ? { id: credentials[type].id, name: credentials[type].name } : ref]),
			);
			return { ...node, credentials: refs };
		});
		return await this.request('POST', '/workflows', {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
		});
	}

	async importWorkflowFile(file: string, credentials: Record<string, { id: string; name: string }> = {}) {
		return await this.createWorkflow(JSON.parse(readFileSync(file, 'utf8')) as N8nWorkflowJson, credentials);
	}

	async getWorkflow(id: string): Promise<N8nWorkflowJson & { id: string; active: boolean }> {
		return await this.request('GET', `/workflows/${id}`);
	}

	async listWorkflows(): Promise<Array<N8nWorkflowJson & { id: string; active: boolean }>> {
		return (await this.request<{ data: Array<N8nWorkflowJson & { id: string; active: boolean }> }>('GET', '/workflows?limit=250')).data;
	}

	/** Activates (publishes) a workflow: its production webhooks are served at once. */
	async activateWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${id}/deactivate`);
	}

	async listExecutions(workflowId?: string, includeData = false): Promise<N8nExecution[]> {
		const query = new URLSearchParams({ limit: '100', includeData: String(includeData) });
		if (workflowId) query.set('workflowId', workflowId);
		return (await this.request<{ data: N8nExecution[] }>('GET', `/executions?${query.toString()}`)).data;
	}

	async getExecution(id: string, includeData = true): Promise<N8nExecution> {
		return await this.request('GET', `/executions/${id}?includeData=${includeData}`);
	}

	async stopExecution(id: string): Promise<void> {
		await this.request('POST', `/executions/${id}/stop`);
	}

	/** Waits until the workflow has a finished execution (webhook runs are saved after the response). */
	async waitForExecution(workflowId: string, { timeoutMs = 60_000, count = 1 } = {}): Promise<N8nExecution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = (await this.listExecutions(workflowId)).filter((e) => e.stoppedAt);
			if (done.length >= count) return await this.getExecution(done[0].id, true);
			if (Date.now() > deadline) throw new Error(`No finished execution of workflow ${workflowId} after ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/**
	 * Calls a production webhook: `http://127.0.0.1:<port>/webhook/<path>`. Right after activation n8n may
	 * still answer 404 "not registered" for a moment (its webhook cache fills asynchronously): retried briefly.
	 */
	async callWebhook(webhookPath: string, body?: unknown, method = 'POST', registrationWaitMs = 15_000): Promise<WebhookResponse> {
		const deadline = Date.now() + registrationWaitMs;
		let response: Response;
		let text: string;
		for (;;) {
			response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			text = await response.text();
			if (response.status !== 404 || !text.includes('is not registered') || Date.now() > deadline) break;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, headers: response.headers, text, json };
	}
}
