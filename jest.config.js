// Three projects: unit (no services), integration (a real embedded Postgres started once per run),
// e2e (real n8n 2.41.1 and a real browser). Tests are transpiled only; `npm run typecheck` checks types.
const transform = {
	'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const common = { rootDir: __dirname, transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{
			...common,
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			globalSetup: '<rootDir>/test/support/jest-postgres-setup.js',
			globalTeardown: '<rootDir>/test/support/jest-postgres-teardown.js',
			setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout-integration.js'],
		},
		{
			...common,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/support/jest-postgres-setup.js',
			globalTeardown: '<rootDir>/test/support/jest-postgres-teardown.js',
			setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout-e2e.js'],
		},
	],
};
