// The harness loads our node and credential types from their TypeScript sources, exactly as package.json
// registers them, under the type names real n8n gives an installed package.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { packageCredentialTypes, packageNodeTypes, PACKAGE_NAME } from '../../support/n8n-harness';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

describe('package node loading', () => {
	it('registers every node of package.json n8n.nodes as n8n-nodes-airbyte-onboarding.<name>', () => {
		expect(PACKAGE_NAME).toBe(pkg.name);
		const types = packageNodeTypes();
		expect(Object.keys(types)).toHaveLength(pkg.n8n.nodes.length);
		for (const [type, nodeType] of Object.entries(types)) {
			expect(type).toBe(`${pkg.name}.${nodeType.description.name}`);
		}
	});

	it('loads every credential of package.json n8n.credentials', () => {
		const credentials = packageCredentialTypes();
		expect(credentials).toHaveLength(pkg.n8n.credentials.length);
		for (const credential of credentials) expect(typeof credential.name).toBe('string');
	});
});
