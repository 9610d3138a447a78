// Shipped code (nodes/, credentials/, lib/) and package.json get @n8n/node-cli's Cloud-eligible
// community-node config: the rule set n8n's community-package scanner applies. Test, bench and tool code
// legitimately uses process, timers, child processes and drivers, so it gets plain TypeScript lint.
// This is why package.json sets n8n.strict to false: strict mode insists on the unmodified default file.
import { config as n8nCommunityConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts', 'lib/**/*.ts'];
const TOOLING_TS = ['test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'];

const shipped = n8nCommunityConfig.map((block) =>
	Array.isArray(block.files) && block.files.includes('**/*.ts') ? { ...block, files: SHIPPED_TS } : block,
);

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'artifacts/**', '**/*.js', '**/*.mjs', 'lib/airbyte/generated/**'] },
	...shipped,
	...tseslint.config({
		files: TOOLING_TS,
		extends: [tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	}),
];
