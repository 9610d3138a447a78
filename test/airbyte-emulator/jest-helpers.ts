import type { EmulatorHandle } from './types';

/** Fails the current test when any request it sent did not match Airbyte's api.yaml. */
export function expectNoSpecViolations(emulator: Pick<EmulatorHandle, 'violations'>): void {
	const violations = emulator.violations();
	if (violations.length > 0) {
		throw new Error(
			`Requests that do not match Airbyte's api.yaml:\n${violations.map((v) => `${v.method} ${v.path}: ${v.message}`).join('\n')}`,
		);
	}
}
