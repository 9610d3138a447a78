import type { INodeProperties } from 'n8n-workflow';

import { inputProperties } from '../WorkflowSuggester/description';

const showPlan = { show: { operation: ['plan'] } };
const showRender = { show: { operation: ['render'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Plan Queries',
				value: 'plan',
				action: 'Plan dashboard queries',
				description: 'Choose panels from the analysis and emit one read-only SQL query per panel for the Postgres node',
			},
			{
				name: 'Render Page',
				value: 'render',
				action: 'Render the dashboard page',
				description: "Turn the Postgres node's query results into one self-contained HTML page (and an email variant)",
			},
		],
		default: 'plan',
	},
	{
		displayName:
			'Run the output with a Postgres node: Operation "Execute Query", Query <code>{{ $json.query }}</code>, Options › Query Parameters <code>{{ $json.params }}</code>. Then feed its output to this node\'s Render Page operation.',
		name: 'planNotice',
		type: 'notice',
		default: '',
		displayOptions: showPlan,
	},
	...inputProperties.map((p) => ({ ...p, displayOptions: showPlan })),
	{
		displayName: 'Dashboard Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'Acme sales dashboard',
		description: 'Leave empty to name it after the business type the analysis found',
	},
	{
		displayName: 'Tenant Schema',
		name: 'schema',
		type: 'string',
		default: '',
		displayOptions: showPlan,
		description: 'Postgres schema of the modelled tables, when no schema plan is given',
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'Page', value: 'page', description: 'Self-contained HTML page with inline SVG charts' },
			{ name: 'Email', value: 'email', description: 'Tables and inline styles only, for email digests' },
			{ name: 'Both', value: 'both' },
		],
		default: 'page',
		displayOptions: showRender,
	},
	{
		displayName: 'ER Diagram SVG',
		name: 'erSvg',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: showRender,
		description: "The Schema Designer's ER diagram SVG, embedded as an image. Optional.",
	},
	{
		displayName: 'ER Diagram Mermaid',
		name: 'erMermaid',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: showRender,
		description: "The Schema Designer's Mermaid erDiagram text, shown for copying. Optional.",
	},
];
