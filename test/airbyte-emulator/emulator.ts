import type { EmulatorHandle, EmulatorOptions } from './types';

export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
	void options;
	throw new Error('startEmulator: being implemented');
}
