// Static checks of the shipped templates in workflows/: they must import into n8n 2.41 as they are, with our
// node types at the versions we ship, valid wiring, placeholder credentials only, and sticky notes that
// explain every step.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { validateWorkflow } from '@n8n/workflow-sdk';
import type { INode } from 'n8n-workflow';

import { credentialTypesOf, declaredVersions, knownBaseTypes, n8nBaseAvailable, nodeTypes, OWN_NODES, PACKAGE, parameterIssues, unknownParameters } from './node-types';

interface TemplateNode extends Omit<INode, "onError"> {
	webhookId?: string;
	onError?: INode["onError"] | string;
}
interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	settings?: Record<string, unknown>;
}

const DIR = join(__dirname, '../../../workflows');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Template;
const STICKY = 'n8n-nodes-base.stickyNote';
const ALLOWED_CREDENTIALS = new Set(['airbyteApi', 'postgres', 'n8nApi', 'slackApi', 'slackOAuth2Api', 'smtp']);

test('the three shipped templates are there', () => {
	expect(files).toEqual(expect.arrayContaining(['airbyte-ai-onboarding.json', 'sample-airbyte-source.json', 'after-each-sync.json']));
});

describe.each(files)('%s', (file) => {
	const wf = load(file);
	const steps = wf.nodes.filter((n) => n.type !== STICKY);

	it('has unique node names and ids, and runs with execution order v1', () => {
		expect(new Set(wf.nodes.map((n) => n.name)).size).toBe(wf.nodes.length);
		expect(new Set(wf.nodes.map((n) => n.id)).size).toBe(wf.nodes.length);
		expect(wf.settings?.executionOrder).toBe('v1');
	});

	it('uses only known node types, ours as n8n-nodes-airbyte-onboarding.<name> at the versions we ship', () => {
		for (const node of wf.nodes) {
			expect({ node: node.name, prefix: node.type.startsWith('CUSTOM.') }).toEqual({ node: node.name, prefix: false });
			if (node.type.startsWith(`${PACKAGE}.`)) {
				expect({ node: node.name, known: node.type in OWN_NODES }).toEqual({ node: node.name, known: true });
			} else {
				expect({ node: node.name, known: knownBaseTypes().includes(node.type) }).toEqual({ node: node.name, known: true });
			}
			if (node.type in OWN_NODES || n8nBaseAvailable()) {
				expect({ node: node.name, versions: declaredVersions(node.type) }).toEqual({ node: node.name, versions: expect.arrayContaining([node.typeVersion]) });
			}
		}
		expect(steps.some((n) => n.type.startsWith(`${PACKAGE}.`))).toBe(true);
	});

	it('sets only parameters the nodes have, with every required one present', () => {
		for (const node of steps) {
			if (!(node.type in OWN_NODES) && !n8nBaseAvailable()) continue;
			expect({ node: node.name, unknown: unknownParameters(node as INode) }).toEqual({ node: node.name, unknown: [] });
			// A resource the user picks after import (an empty "From List" locator, like the Trigger's connection) is
			// the only allowed gap; the template's sticky notes tell them to pick it.
			const toPick = Object.entries(node.parameters)
				.filter(([, v]) => typeof v === 'object' && v !== null && (v as { __rl?: boolean; mode?: string; value?: unknown }).__rl && (v as { mode?: string }).mode === 'list' && (v as { value?: unknown }).value === '')
				.map(([k]) => k);
			const issues = parameterIssues(node as INode) as { parameters?: Record<string, string[]> } | null;
			const rest = Object.keys(issues?.parameters ?? {}).filter((k) => !toPick.includes(k));
			expect({ node: node.name, issues: rest, other: Object.keys(issues ?? {}).filter((k) => k !== 'parameters') }).toEqual({ node: node.name, issues: [], other: [] });
		}
	});

	it('wires only existing nodes, through outputs the nodes have', () => {
		const byName = new Map(wf.nodes.map((n) => [n.name, n]));
		for (const [from, outputs] of Object.entries(wf.connections)) {
			const source = byName.get(from);
			expect({ from, exists: Boolean(source) }).toEqual({ from, exists: true });
			for (const [type, groups] of Object.entries(outputs)) {
				expect(type).toBe('main');
				// A second main output exists only on If nodes and on nodes whose errors go to their error output.
				const maxOutputs = source!.type === 'n8n-nodes-base.if' || source!.onError === 'continueErrorOutput' ? 2 : 1;
				expect({ from, outputs: groups.length <= maxOutputs }).toEqual({ from, outputs: true });
				for (const group of groups) for (const c of group) expect({ from, to: c.node, exists: byName.has(c.node) && byName.get(c.node)!.type !== STICKY }).toEqual({ from, to: c.node, exists: true });
			}
		}
		// Every step is reachable from a trigger.
		const targets = new Set(Object.values(wf.connections).flatMap((o) => Object.values(o).flat(2).map((c) => c.node)));
		const triggers = steps.filter((n) => /webhook$|Trigger$|trigger$/.test(n.type) && !n.type.endsWith('respondToWebhook'));
		expect(triggers.length).toBeGreaterThan(0);
		for (const node of steps) if (!triggers.includes(node)) expect({ node: node.name, reachable: targets.has(node.name) }).toEqual({ node: node.name, reachable: true });
	});

	it('references credentials by type with placeholder names only (no ids, no secrets)', () => {
		for (const node of steps) {
			const declared = credentialTypesOf(node as INode);
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				expect({ node: node.name, type, allowed: ALLOWED_CREDENTIALS.has(type), declared: declared.length === 0 || declared.includes(type) }).toEqual({ node: node.name, type, allowed: true, declared: true });
				expect({ node: node.name, id: ref.id ?? '' }).toEqual({ node: node.name, id: '' });
				expect(ref.name).toEqual(expect.any(String));
			}
		}
		const text = JSON.stringify(wf);
		expect(text).not.toMatch(/"(password|apiKey|clientSecret|client_secret|accessToken|sessionToken)"\s*:\s*"[^"]/i);
		expect(text).not.toMatch(/postgres(ql)?:\/\/[^"\s]*:[^"\s]*@/i);
	});

	it('explains every step in a sticky note', () => {
		const notes = wf.nodes.filter((n) => n.type === STICKY).map((n) => String(n.parameters.content));
		expect(notes.length).toBeGreaterThanOrEqual(2);
		for (const node of steps) expect({ node: node.name, explained: notes.some((c) => c.includes(`**${node.name}**`)) }).toEqual({ node: node.name, explained: true });
	});

	it('gives every webhook a stable id and a unique path', () => {
		const hooks = steps.filter((n) => n.type === 'n8n-nodes-base.webhook');
		for (const h of hooks) expect(h.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		const paths = hooks.map((h) => `${String(h.parameters.httpMethod ?? 'GET')} ${String(h.parameters.path)}`);
		expect(new Set(paths).size).toBe(paths.length);
	});

	it("passes @n8n/workflow-sdk's validateWorkflow", () => {
		const result = validateWorkflow(wf as never, n8nBaseAvailable() ? { nodeTypesProvider: nodeTypes } : {});
		expect({ errors: result.errors, warnings: result.warnings.filter((w) => w.severity !== 'informational').map((w) => w.message) }).toEqual({ errors: [], warnings: [] });
	});
});

describe('airbyte-ai-onboarding.json', () => {
	const wf = load('airbyte-ai-onboarding.json');
	const byType = (type: string) => wf.nodes.filter((n) => n.type === type);
	const next = (name: string, output = 0) => (wf.connections[name]?.main[output] ?? []).map((c) => c.node);

	it('serves POST /airbyte-onboarding and GET /airbyte-onboarding/dashboard, both answered by Respond to Webhook nodes', () => {
		const hooks = byType('n8n-nodes-base.webhook').map((n) => ({ method: n.parameters.httpMethod, path: n.parameters.path, responseMode: n.parameters.responseMode }));
		expect(hooks).toEqual(
			expect.arrayContaining([
				{ method: 'POST', path: 'airbyte-onboarding', responseMode: 'responseNode' },
				{ method: 'GET', path: 'airbyte-onboarding/dashboard', responseMode: 'responseNode' },
			]),
		);
	});

	it('runs the stages in order: sample, analyse, schema, production connection, transforms, suggestions, dashboard', () => {
		const order: string[] = [];
		const seen = new Set<string>();
		const walk = (name: string) => {
			if (seen.has(name)) return;
			seen.add(name);
			order.push(name);
			for (const n of next(name)) walk(n);
		};
		walk('Onboarding Webhook');
		const typeAt = (name: string) => wf.nodes.find((n) => n.name === name)!;
		const ops = order.map((name) => `${typeAt(name).type.split('.')[1]}:${String(typeAt(name).parameters.operation ?? typeAt(name).parameters.resource ?? '')}`);
		const expected = [
			'airbyteSample:startSample',
			'postgres:executeQuery',
			'airbyteSample:finishSample',
			'dataAnalyzer:',
			'schemaDesigner:plan',
			'schemaDesigner:provisionSql',
			'schemaDesigner:migrationSql',
			'schemaDesigner:createProductionConnection',
			'airbyte:waitForCompletion',
			'schemaDesigner:transformSql',
			'workflowSuggester:',
			'n8n:create',
			'dashboardBuilder:plan',
			'dashboardBuilder:render',
			'respondToWebhook:',
		];
		let at = 0;
		for (const op of ops) if (op === expected[at]) at++;
		expect(expected.slice(at)).toEqual([]);
	});

	it('sends every failing step to the error path, which cleans up orphans and answers the webhook', () => {
		const guarded = wf.nodes.filter((n) => n.onError === 'continueErrorOutput');
		expect(guarded.map((n) => n.name)).toEqual(expect.arrayContaining(['Start Sample', 'Read Sample', 'Finish Sample', 'Data Analyzer', 'Plan Schema', 'Apply Migration', 'Create Production Connection', 'Wait for First Sync', 'Run Transforms']));
		const onMainPath = guarded.filter((n) => !['Plan Tenant Dashboard', 'Query Tenant Data', 'Render Tenant Dashboard'].includes(n.name));
		for (const n of onMainPath) expect({ node: n.name, error: next(n.name, 1) }).toEqual({ node: n.name, error: ['Describe Failure'] });
		const path: string[] = [];
		for (let name = 'Describe Failure'; name; name = next(name)[0]) path.push(name);
		const types = path.map((name) => wf.nodes.find((n) => n.name === name)!);
		expect(types.some((n) => n.parameters.operation === 'cleanUpOrphans')).toBe(true);
		const last = types[types.length - 1];
		expect(last.type).toBe('n8n-nodes-base.respondToWebhook');
		expect((last.parameters.options as { responseCode?: number }).responseCode).toBeGreaterThanOrEqual(400);
	});

	it("sends Start Sample's error items (they carry description and cleanupSql, so n8n keeps them on the main output) to the failure path", () => {
		const guard = wf.nodes.find((n) => n.name === 'Sample Usable?')!;
		expect(JSON.stringify(guard.parameters)).toContain('$json.error === undefined');
		expect(next('Start Sample')).toEqual(['Sample Usable?']);
		expect(next('Sample Usable?', 1)).toEqual(['Sample Sync Failed']);
		expect(next('Sample Sync Failed')).toEqual(['Describe Failure']);
	});

	it('sweeps what earlier (cancelled) runs left after answering a successful onboarding, never failing the run', () => {
		const path: string[] = [];
		for (let name = 'Respond With Summary'; name; name = next(name)[0]) path.push(name);
		const nodes = path.slice(1).map((name) => wf.nodes.find((n) => n.name === name)!);
		expect(nodes.map((n) => `${n.type.split('.')[1]}:${String(n.parameters.operation)}`)).toEqual(['airbyteSample:cleanUpOrphans', 'postgres:executeQuery']);
		expect(nodes[0].parameters.olderThanMinutes).toBe(wf.nodes.find((n) => n.name === 'Clean Up Orphans')!.parameters.olderThanMinutes);
		expect(String(nodes[1].parameters.query)).toContain('$json.cleanupSql');
		for (const n of nodes) expect({ node: n.name, onError: n.onError, executeOnce: n.executeOnce }).toEqual({ node: n.name, onError: 'continueRegularOutput', executeOnce: true });
	});

	it('runs SQL only through the Postgres node: our nodes\' SQL passed through unchanged, values as query parameters', () => {
		for (const n of byType('n8n-nodes-base.postgres')) {
			const query = String(n.parameters.query);
			const replacement = (n.parameters.options as { queryReplacement?: string }).queryReplacement;
			if (/\{\{/.test(query)) {
				// SQL emitted by our nodes; n8n's Postgres node splices it in with String.replace, so every $ is doubled.
				expect({ node: n.name, query }).toEqual({ node: n.name, query: expect.stringMatching(/^=\{\{ .*(\$json\.(readSql|cleanupSql|sql|query)|json\.cleanupSql).*\.replaceAll\('\$', '\$\$\$\$'\) \}\}$/) });
			} else if (/\$1/.test(query)) {
				expect({ node: n.name, replacement }).toEqual({ node: n.name, replacement: expect.stringMatching(/^=\{\{ \[/) });
			}
		}
	});
});

test("the $-doubling survives the String.replace with which n8n's Postgres node splices {{ }} results into the query", () => {
	const sql = "SELECT 1 WHERE x ~ E'^[0-9]+$' AND y = $$a$$; DO $do$ BEGIN PERFORM '$&'; END $do$; SELECT $1, '$`'";
	const escaped = sql.replaceAll('$', '$$$$');
	const resolvable = '{{ $json.sql }}';
	// executeQuery.operation.js in n8n-nodes-base 2.41: query = query.replace(resolvable, this.evaluateExpression(resolvable, index))
	expect(resolvable.replace(resolvable, escaped)).toBe(sql);
	expect(resolvable.replace(resolvable, sql)).not.toBe(sql);
});
