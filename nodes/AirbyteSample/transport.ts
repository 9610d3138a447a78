// Two clients on the node's Airbyte credential: one bound to the execution's cancel signal for the work,
// and one without it for clean-up, so a cancelled execution still deletes its temporary connection.
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { airbyteBaseUrl } from '../../credentials/AirbyteApi.credentials';
import { AirbyteClient } from '../../lib/airbyte/client';
import type { SampleClients } from '../../lib/sample/run';
import { CREDENTIAL_TYPE, createClient, n8nTransport } from '../Airbyte/transport';

/**
 * httpRequestWithAuthentication always attaches `this.getExecutionCancelSignal()`; a context whose cancel
 * signal is absent lets clean-up requests finish after the execution was cancelled.
 */
function withoutCancelSignal(ctx: IExecuteFunctions): IExecuteFunctions {
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => undefined } }) as IExecuteFunctions;
}

export async function sampleClients(ctx: IExecuteFunctions): Promise<SampleClients> {
	const client = await createClient(ctx);
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const cleanup = new AirbyteClient({
		baseUrl: airbyteBaseUrl(credentials),
		transport: n8nTransport(withoutCancelSignal(ctx)),
		sleep,
		retry: { maxAttempts: 3, maxTotalMs: 20_000 },
	});
	return { client, cleanup };
}
