// The Data Analyzer node in n8n's real execution engine (in-process harness on WorkflowExecute).
import path from 'node:path';
import type { INode, INodeParameters } from 'n8n-workflow';

import { DataAnalyzer } from '../../../nodes/DataAnalyzer/DataAnalyzer.node';
import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';
import { readDatasetFolder } from '../../../tools/eval-dataset';

jest.setTimeout(60_000);

const TYPE = 'n8n-nodes-airbyte-onboarding.dataAnalyzer';
const nodeTypes = ourNodes(new DataAnalyzer());
const DATASETS = path.resolve(__dirname, '../../../../shared/datasets');

function analyzer(parameters: Record<string, unknown> = {}, extra: Partial<INode> = {}): Partial<INode> & Pick<INode, 'type'> {
	return { name: 'Analyze', type: TYPE, parameters: parameters as INodeParameters, ...extra };
}

describe('Data Analyzer node', () => {
	const samples = readDatasetFolder(path.join(DATASETS, 'chinook'));

	it('turns the sampler\'s per-stream items into one item with profile, keys, relationships, model, analysis, warnings and llm', async () => {
		const run = await runWorkflow(linearWorkflow([analyzer()]), { nodeTypes, inputItems: samples as never });
		expect(run.status).toBe('success');
		const out = run.outputOf('Analyze');
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual(samples.map((_, item) => ({ item })));
		const json = out[0].json as Record<string, any>;
		expect(Object.keys(json)).toEqual(expect.arrayContaining(['profile', 'keys', 'relationships', 'model', 'catalog', 'analysis', 'pii', 'warnings', 'llm']));
		expect(json.inputFormat).toBe('streamSamples');
		expect(json.model.streams).toHaveLength(11);
		expect(json.relationships.foreignKeys.length).toBeGreaterThanOrEqual(10);
		expect(json.analysis.businessType.type).toBe('ecommerce_retail');
		expect(json.analysis.kpis.length).toBeGreaterThan(0);
		expect(json.llm).toMatchObject({ used: false, mode: 'none', model: null });
		// PII values are not in the node's profile output either.
		const profileText = JSON.stringify(json.profile);
		for (const record of samples.find((sample) => sample.stream.name === 'customer')!.records) expect(profileText).not.toContain(String(record.email));
		expect(json.model.streams.find((s: any) => s.name === 'customer').columns.find((c: any) => c.name === 'email').pii).toBe(true);
	});

	it('accepts plain records of one stream with a stream name', async () => {
		const invoices = samples.find((sample) => sample.stream.name === 'invoice')!.records.slice(0, 200);
		const run = await runWorkflow(linearWorkflow([analyzer({ inputFormat: 'records', streamName: 'invoices' })]), { nodeTypes, inputItems: invoices as never });
		expect(run.status).toBe('success');
		const [item] = run.outputOf('Analyze');
		const json = item.json as Record<string, any>;
		expect(item.pairedItem).toHaveLength(200);
		expect(json.inputFormat).toBe('records');
		expect(json.model.streams[0]).toMatchObject({ name: 'invoices', primaryKey: ['invoice_id'] });
		expect(json.analysis.entities[0]).toMatchObject({ stream: 'invoices', entityType: 'invoice', timeColumn: 'invoice_date' });
	});

	it('auto-detects plain records', async () => {
		const run = await runWorkflow(linearWorkflow([analyzer({ streamName: 'people' })]), { nodeTypes, inputItems: [{ id: 1, email: 'a@example.com' }, { id: 2, email: 'b@example.org' }] });
		expect(run.status).toBe('success');
		expect(run.jsonOf('Analyze')[0].inputFormat).toBe('records');
	});

	it('outputs the exact prompt in preview mode, without personal values', async () => {
		const run = await runWorkflow(linearWorkflow([analyzer({ modelUse: 'preview', tokenBudget: 4000 })]), { nodeTypes, inputItems: samples as never });
		expect(run.status).toBe('success');
		const json = run.jsonOf('Analyze')[0] as Record<string, any>;
		expect(json.llm.mode).toBe('preview');
		expect(json.prompt.tokenEstimate).toBeLessThanOrEqual(4000);
		expect(json.prompt.text).toContain('<<<DATA ');
		for (const record of samples.find((sample) => sample.stream.name === 'employee')!.records) {
			expect(json.prompt.text).not.toContain(String(record.email));
			expect(json.prompt.text).not.toContain(String(record.phone));
		}
	});

	it('fails with a clear error on malformed input, and continues with an error item when asked to', async () => {
		const bad = [{ stream: { name: 'orders', json_schema: {} }, records: 'not a list' }];
		const failed = await runWorkflow(linearWorkflow([analyzer({ inputFormat: 'streamSamples' })]), { nodeTypes, inputItems: bad });
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(/records is not a list/);
		expect((failed.error as { description?: string }).description).toMatch(/array of JSON objects/);

		const nameless = [{ stream: { json_schema: {} }, records: [] }];
		const failedToo = await runWorkflow(linearWorkflow([analyzer({ inputFormat: 'streamSamples' })]), { nodeTypes, inputItems: nameless });
		expect(failedToo.error?.message).toMatch(/not a stream sample/);

		const continued = await runWorkflow(linearWorkflow([analyzer({ inputFormat: 'streamSamples' }, { onError: 'continueRegularOutput' })]), { nodeTypes, inputItems: bad });
		expect(continued.status).toBe('success');
		const out = continued.outputOf('Analyze');
		expect(out[0].json.error).toMatch(/records is not a list/);
		expect(out[0].pairedItem).toEqual([{ item: 0 }]);

		// n8n routes an item to the error output only when it carries `error` (its json has a description too).
		const routed = await runWorkflow(linearWorkflow([analyzer({ inputFormat: 'streamSamples' }, { onError: 'continueErrorOutput' })]), { nodeTypes, inputItems: bad });
		expect(routed.status).toBe('success');
		expect(routed.outputOf('Analyze', 0)).toEqual([]);
		expect(routed.jsonOf('Analyze', 1)[0].error).toMatch(/records is not a list/);
	});
});
