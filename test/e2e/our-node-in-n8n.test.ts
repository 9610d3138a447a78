// Real n8n 2.41.1 (Node 24, Postgres database) with our package installed the way users get it (npm pack,
// unpacked into .n8n/nodes/node_modules): a webhook workflow runs one of our nodes and answers with its
// output, and the editor, in a real Chromium, draws that node with its name and icon. One n8n per file.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { ARTIFACTS_DIR, describeDrawnNode, launchBrowser, openWorkflow, screenshot, signIn, tidyCanvas, type EditorBrowser } from '../support/n8n-browser';
import { firstScenario, type PreparedScenario, type RegisteredNode } from '../support/n8n-e2e-scenarios';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, type PackedPackage } from '../support/n8n-package';
import { webhookWorkflow } from '../support/n8n-workflows';

// testTimeout in a jest project entry is ignored (it is a global option), so set it here.
jest.setTimeout(10 * 60_000);

const timings: Record<string, number> = {};
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings[label] = Date.now() - started;
	}
};

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let prepared: PreparedScenario | undefined;
let node: RegisteredNode;
let workflowId: string;
let nodeCount: number;
const path_ = 'e2e-first-node';

beforeAll(async () => {
	const first = firstScenario();
	node = first.node;
	pkg = await timed('pack', async () => packPackage());
	n8n = await timed('n8nStart', () => startN8n({ packages: [pkg!] }));
	timings.n8nInstall = n8n.runtime.installMs;
	prepared = await timed('scenarioSetup', () => first.scenario(n8n!, node));
	const workflow = webhookWorkflow({ name: `E2E: ${node.displayName} behind a webhook`, path: path_, steps: prepared.steps });
	nodeCount = workflow.nodes.length;
	const created = await n8n.api.createWorkflow(workflow);
	workflowId = created.id;
	await n8n.api.activateWorkflow(workflowId);
}, 20 * 60_000);

afterAll(async () => {
	await prepared?.cleanup().catch((error: unknown) => console.error('scenario cleanup failed', error));
	await timed('n8nStop', async () => n8n?.stop());
	pkg?.cleanup();
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	writeFileSync(path.join(ARTIFACTS_DIR, 'e2e-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
	console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
}, 120_000);

test('a webhook workflow runs our node in real n8n and answers with its output', async () => {
	const answer = await timed('webhookCall', () => n8n!.api.callWebhook(path_, prepared!.body));
	expect({ status: answer.status, body: answer.status === 200 ? 'ok' : answer.text }).toEqual({ status: 200, body: 'ok' });
	prepared!.check(answer.json);

	// The execution n8n recorded agrees: our node (by its package type) ran and produced exactly that answer.
	const execution = await n8n!.api.waitForExecution(workflowId);
	expect(execution.status).toBe('success');
	const workflow = await n8n!.api.getWorkflow(workflowId);
	const ours = workflow.nodes.filter((n) => n.type === node.type);
	expect(ours).toHaveLength(1);
	const lastNode = workflow.nodes[workflow.nodes.length - 1].name;
	const output = execution.data!.resultData.runData[lastNode][0].data!.main[0].map((item) => item.json);
	expect(answer.json).toEqual(output);
});

describe('n8n editor in Chromium', () => {
	let browser: EditorBrowser | undefined;
	afterAll(async () => browser?.close());

	test('draws our node with its name and icon, not as an unknown node', async () => {
		browser = await launchBrowser();
		const { page } = browser;
		await timed('browserSignIn', () => signIn(page, n8n!.baseUrl, n8n!.email, n8n!.password));

		// The editor's own node-type list (what it draws from) knows our type.
		const known = await page.evaluate(async (type) => {
			const response = await fetch('/types/nodes.json');
			const types = (await response.json()) as Array<{ name: string }>;
			return types.some((t) => t.name === type);
		}, node.type);
		expect(known).toBe(true);

		await timed('browserOpenWorkflow', () => openWorkflow(page, n8n!.baseUrl, workflowId, nodeCount));
		const drawn = await describeDrawnNode(page, node.displayName);
		await tidyCanvas(page);
		const file = await screenshot(page, `e2e-${node.name}-in-editor.png`);
		console.log(`editor screenshot: ${file}`);

		expect(drawn.type).toBe(node.type);
		expect(drawn.label).toContain(node.displayName);
		// Our own SVG, served by n8n from the installed package, and actually loaded (an unknown node has none).
		expect(drawn.iconSrc).toMatch(new RegExp(`^/icons/${node.type.split('.')[0]}/dist/nodes/.+\\.svg$`));
		expect(drawn.iconWidth).toBeGreaterThan(0);
	});
});
