import type { ClientBase } from 'pg';
import type { LoadStreamsOptions, LoadStreamsResult } from '../types';

/** Writes streams into Postgres exactly as destination-postgres 3.x (direct load) would. */
export async function loadStreamsLikeAirbyte(client: ClientBase, options: LoadStreamsOptions): Promise<LoadStreamsResult> {
	void client;
	void options;
	throw new Error('loadStreamsLikeAirbyte: being implemented');
}
