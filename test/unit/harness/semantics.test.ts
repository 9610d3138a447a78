// The in-process harness gives real n8n semantics: parameter defaults, expressions, pairedItem and
// continueOnFail, with test-only node types defined here.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';

const base = {
	group: ['transform'],
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
} satisfies Partial<INodeTypeDescription>;

class Echo implements INodeType {
	description: INodeTypeDescription = {
		...base,
		displayName: 'Echo',
		name: 'echo',
		description: 'Emits its parameters per item',
		defaults: { name: 'Echo' },
		properties: [
			{ displayName: 'Value', name: 'value', type: 'string', default: 'the default' },
			{ displayName: 'Count', name: 'count', type: 'number', default: 3 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_, i) => ({
				json: { value: this.getNodeParameter('value', i), count: this.getNodeParameter('count', i) },
				pairedItem: { item: i },
			})),
		];
	}
}

/** Emits every input item twice with no pairing (n8n cannot infer it when counts differ): `$('Start').item` must then fail. */
class Unpaired implements INodeType {
	description: INodeTypeDescription = {
		...base,
		displayName: 'Unpaired',
		name: 'unpaired',
		description: 'Drops pairedItem',
		defaults: { name: 'Unpaired' },
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().flatMap((item) => [{ json: item.json }, { json: item.json }])];
	}
}

class FailOnFlag implements INodeType {
	description: INodeTypeDescription = {
		...base,
		displayName: 'Fail On Flag',
		name: 'failOnFlag',
		description: 'Fails items whose json.fail is true',
		defaults: { name: 'Fail On Flag' },
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			try {
				if (item.json.fail) throw new NodeOperationError(this.getNode(), `item ${i} is flagged`, { itemIndex: i });
				out.push({ json: { ok: i }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

const nodeTypes = ourNodes(new Echo(), new Unpaired(), new FailOnFlag());
const T = (name: string) => `n8n-nodes-airbyte-onboarding.${name}`;

describe('in-process n8n harness', () => {
	it('applies parameter defaults and evaluates expressions per item', async () => {
		const wf = linearWorkflow([{ name: 'Echo', type: T('echo'), parameters: { value: '={{ $json.a * 2 }} / {{ $json.b }}' } }]);
		const run = await runWorkflow(wf, { nodeTypes, inputItems: [{ a: 1, b: 'x' }, { a: 21, b: 'y' }] });
		expect(run.status).toBe('success');
		expect(run.jsonOf('Echo')).toEqual([
			{ value: '2 / x', count: 3 },
			{ value: '42 / y', count: 3 },
		]);
		expect(run.executionOrder).toEqual(['Start', 'Echo']);
	});

	it('keeps pairedItem so $("Start").item resolves through our node, and fails when a node drops it', async () => {
		const paired = linearWorkflow([
			{ name: 'Echo', type: T('echo') },
			{ name: 'Back', type: T('echo'), parameters: { value: "={{ $('Start').item.json.id }}" } },
		]);
		const ok = await runWorkflow(paired, { nodeTypes, inputItems: [{ id: 'a' }, { id: 'b' }] });
		expect(ok.status).toBe('success');
		expect(ok.jsonOf('Back').map((j) => j.value)).toEqual(['a', 'b']);
		expect(ok.outputOf('Echo').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const broken = linearWorkflow([
			{ name: 'Unpaired', type: T('unpaired') },
			{ name: 'Back', type: T('echo'), parameters: { value: "={{ $('Start').item.json.id }}" } },
		]);
		const failed = await runWorkflow(broken, { nodeTypes, inputItems: [{ id: 'a' }, { id: 'b' }] });
		expect(failed.status).toBe('error');
		expect(failed.taskOf('Back').error?.message).toMatch(/paired item/i);
	});

	it('stops the workflow on a node error unless onError continues', async () => {
		const items = [{ fail: false }, { fail: true }];
		const stopped = await runWorkflow(linearWorkflow([{ name: 'F', type: T('failOnFlag') }]), { nodeTypes, inputItems: items });
		expect(stopped.status).toBe('error');
		expect(stopped.error?.message).toBe('item 1 is flagged');

		const continued = await runWorkflow(
			linearWorkflow([
				{ name: 'F', type: T('failOnFlag'), onError: 'continueRegularOutput' },
				{ name: 'After', type: T('echo'), parameters: { value: '={{ $json.error ?? "fine" }}' } },
			]),
			{ nodeTypes, inputItems: items },
		);
		expect(continued.status).toBe('success');
		expect(continued.jsonOf('F')).toEqual([{ ok: 0 }, { error: 'item 1 is flagged' }]);
		expect(continued.jsonOf('After').map((j) => j.value)).toEqual(['fine', 'item 1 is flagged']);
	});

	it('routes failed items to the error output with continueErrorOutput', async () => {
		const wf = linearWorkflow([{ name: 'F', type: T('failOnFlag'), onError: 'continueErrorOutput' }]);
		const run = await runWorkflow(wf, { nodeTypes, inputItems: [{ fail: false }, { fail: true }] });
		expect(run.status).toBe('success');
		expect(run.jsonOf('F', 0)).toEqual([{ ok: 0 }]);
		// n8n merges the failed input item's json into what it routes to the error output
		expect(run.jsonOf('F', 1)).toEqual([{ fail: true, error: 'item 1 is flagged' }]);
	});

	it('rejects an unknown node type the way n8n does', async () => {
		const run = await runWorkflow(linearWorkflow([{ name: 'X', type: T('doesNotExist') }]), { nodeTypes }).catch((e: Error) => e);
		expect(run).toBeInstanceOf(Error);
		expect((run as Error).message).toMatch(/Unrecognized node type/);
	});
});
