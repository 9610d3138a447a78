// What the shipped template does when the webhook body sets nothing: the defaults written into its expressions.
import type { N8nWorkflowJson } from '../../test/support/n8n-api';

/** The default of a template parameter written as `={{ <expression> ?? <number> }}`; fails loudly otherwise. */
export function expressionDefault(template: Pick<N8nWorkflowJson, 'nodes'>, nodeName: string, parameter: string): number {
	const raw = template.nodes.find((n) => n.name === nodeName)?.parameters?.[parameter];
	const match = typeof raw === 'string' ? /\?\?\s*(\d+(?:\.\d+)?)\s*\}\}\s*$/.exec(raw) : null;
	if (!match) throw new Error(`the template's "${nodeName}" node has no "${parameter}" parameter of the form {{ ... ?? <seconds> }} (got ${JSON.stringify(raw)})`);
	return Number(match[1]);
}
