// The shipped folders get n8n's Cloud-eligible community-node rules (what the community-package scanner
// applies); test code does not. A planted timer or process access in shipped code must fail the lint.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

// ESLint runs in its own process: its config is an ES module, which jest's module system cannot load.
async function ruleIds(code: string, file: string): Promise<string[]> {
	const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', file], {
		cwd: root,
		input: code,
		encoding: 'utf8',
	});
	const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
	return result.messages.map((m) => m.ruleId ?? m.message);
}

const planted = `export async function wait(): Promise<void> {\n\tawait new Promise((resolve) => setTimeout(resolve, 10));\n}\n`;

describe('community-node lint config', () => {
	it.each(['nodes/Planted/Planted.node.ts', 'lib/planted.ts'])(
		'rejects a planted setTimeout in shipped code (%s)',
		async (file) => {
			expect(await ruleIds(planted, file)).toContain('@n8n/community-nodes/no-restricted-globals');
		},
		120_000,
	);

	it('rejects process.env and imports outside the allow-list in shipped code', async () => {
		const code = `import { readFileSync } from 'node:fs';\nexport const text = readFileSync(process.env.FILE ?? 'x', 'utf8');\n`;
		expect(await ruleIds(code, 'credentials/Planted.credentials.ts')).toEqual(
			expect.arrayContaining(['@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports']),
		);
	}, 120_000);

	it('lets test code use timers and process', async () => {
		expect(await ruleIds(planted, 'test/unit/planted.test.ts')).toEqual([]);
	}, 120_000);
});
