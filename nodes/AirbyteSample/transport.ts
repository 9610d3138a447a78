// Two clients on the node's Airbyte credential: one bound to the execution's cancel signal for the work,
// and one without it for clean-up, so a cancelled execution still deletes its temporary connection.
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { airbyteBaseUrl } from '../../credentials/AirbyteApi.credentials';
import { AirbyteClient } from '../../lib/airbyte/client';
import type { SampleClients } from '../../lib/sample/run';
import { createClient, loadCredentials, n8nTransport } from '../Airbyte/transport';

/**
 * httpRequestWithAuthentication always attaches `this.getExecutionCancelSignal()`; a context whose cancel
 * signal is absent lets clean-up requests finish after the execution was cancelled.
 */
function withoutCancelSignal(ctx: IExecuteFunctions): IExecuteFunctions {
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => undefined } }) as IExecuteFunctions;
}

/** Both clients share the credential read once (a token refreshed by one serves the other). */
export async function sampleClients(ctx: IExecuteFunctions): Promise<SampleClients> {
	const credentials = await loadCredentials(ctx);
	const client = await createClient(ctx, {}, credentials);
	const cleanup = new AirbyteClient({
		baseUrl: airbyteBaseUrl(credentials.data ?? {}),
		transport: n8nTransport(withoutCancelSignal(ctx), credentials),
		sleep,
		retry: { maxAttempts: 3, maxTotalMs: 20_000 },
	});
	return { client, cleanup };
}
