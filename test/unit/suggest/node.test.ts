// The Workflow Suggester node in the in-process n8n harness: parameters, expressions, pairedItem,
// continueOnFail and clear errors.
import { WorkflowSuggester } from '../../../nodes/WorkflowSuggester/WorkflowSuggester.node';
import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';
import { loadDataset } from './datasets';

const nodeTypes = ourNodes(new WorkflowSuggester());
const TYPE = 'n8n-nodes-airbyte-onboarding.workflowSuggester';

describe('Workflow Suggester node', () => {
	const ds = loadDataset('northwind');
	const item = {
		model: ds.model,
		profile: ds.profile,
		analysis: { kpis: [{ name: 'Orders', stream: 'orders', aggregation: 'count', timeColumn: 'order_date' }, { name: 'Ghost', stream: 'nope' }] },
		plan: { schema: 'tenant_nw', tables: [], transformSql: 'SELECT 1;' },
		jobs: { data: [{ jobId: 7, status: 'failed', duration: 'PT2M' }] },
	};

	it('emits one paired item per suggestion, each with a complete workflow', async () => {
		const run = await runWorkflow(
			linearWorkflow([{ name: 'Suggest', type: TYPE, parameters: { alertChannel: 'email', emailTo: 'ops@example.com', connectionId: 'c0ffee00-0000-4000-8000-000000000000' } }]),
			{ nodeTypes, inputItems: [item] },
		);
		expect(run.status).toBe('success');
		const out = run.outputOf('Suggest');
		expect(out.length).toBeGreaterThan(4);
		expect(out.every((o) => JSON.stringify(o.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
		const recipes = out.map((o) => o.json.recipe);
		expect(recipes).toEqual(expect.arrayContaining(['post_sync_transform', 'sync_failure_alert', 'kpi_digest']));
		const first = out[0].json as any;
		expect(first.workflow.nodes.length).toBeGreaterThan(1);
		expect(first.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/KPI "Ghost" dropped/)]));
		const emails = out.flatMap((o) => (o.json as any).workflow.nodes.filter((n: any) => n.type === 'n8n-nodes-base.emailSend'));
		expect(emails.length).toBeGreaterThan(0);
		expect(emails[0].parameters.toEmail).toBe('ops@example.com');
	});

	it('sends alerts to a webhook URL when that channel is chosen, and refuses an empty or non-http URL', async () => {
		const run = await runWorkflow(
			linearWorkflow([{ name: 'Suggest', type: TYPE, parameters: { alertChannel: 'webhook', webhookUrl: 'https://hooks.example.com/alerts' } }]),
			{ nodeTypes, inputItems: [item] },
		);
		expect(run.status).toBe('success');
		const posts = run.outputOf('Suggest').flatMap((o) => (o.json as any).workflow.nodes.filter((n: any) => n.type === 'n8n-nodes-base.httpRequest'));
		expect(posts.length).toBeGreaterThan(0);
		expect(posts.every((n: any) => n.parameters.url === 'https://hooks.example.com/alerts')).toBe(true);
		for (const webhookUrl of ['', 'ftp://x']) {
			const failed = await runWorkflow(linearWorkflow([{ name: 'Suggest', type: TYPE, parameters: { alertChannel: 'webhook', webhookUrl } }]), { nodeTypes, inputItems: [item] });
			expect(failed.status).toBe('error');
			expect(failed.error?.message).toMatch(/^Webhook URL is (empty|not an http\(s\) URL)$/);
		}
	});

	it('returns one summary item with the recipes it did not offer', async () => {
		const run = await runWorkflow(linearWorkflow([{ name: 'Suggest', type: TYPE, parameters: { output: 'single', recipes: ['renewal_reminder', 'kpi_digest'] } }]), {
			nodeTypes,
			inputItems: [item],
		});
		const [summary] = run.jsonOf('Suggest') as any[];
		expect(summary.suggestions.map((s: any) => s.recipe)).toEqual(['kpi_digest']);
		expect(summary.notOffered.map((n: any) => n.recipe)).toEqual(['renewal_reminder']);
	});

	it('fails with a clear error on a missing model, or continues with an error item', async () => {
		const failed = await runWorkflow(linearWorkflow([{ name: 'Suggest', type: TYPE }]), { nodeTypes, inputItems: [{ nothing: true }] });
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe('No data model on the input');
		expect((failed.error as any)?.description).toMatch(/Data Analyzer/);

		const continued = await runWorkflow(linearWorkflow([{ name: 'Suggest', type: TYPE, onError: 'continueRegularOutput' }]), {
			nodeTypes,
			inputItems: [{ model: { streams: 'junk' } }, item],
		});
		expect(continued.status).toBe('success');
		const out = continued.outputOf('Suggest');
		expect(out[0].json.error).toMatch(/needs a "streams" array/);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out.slice(1).every((o) => JSON.stringify(o.pairedItem) === JSON.stringify({ item: 1 }))).toBe(true);
	});
});
