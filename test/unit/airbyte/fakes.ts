// A scripted transport and a virtual clock for client unit tests: no network, no timers.
import { AirbyteClient, type AirbyteClientOptions } from '../../../lib/airbyte/client';
import type { AirbyteHttpRequest, AirbyteHttpResponse, AirbyteTransport } from '../../../lib/airbyte/transport';

export type Handler = (request: AirbyteHttpRequest) => AirbyteHttpResponse | Error | Promise<AirbyteHttpResponse | Error>;

export class ScriptedTransport implements AirbyteTransport {
	readonly requests: AirbyteHttpRequest[] = [];
	constructor(private readonly handler: Handler) {}
	async request(request: AirbyteHttpRequest): Promise<AirbyteHttpResponse> {
		this.requests.push(request);
		const result = await this.handler(request);
		if (result instanceof Error) throw result;
		return result;
	}
}

export class VirtualClock {
	time = 1_750_000_000_000;
	readonly sleeps: number[] = [];
	now = () => this.time;
	sleep = async (ms: number, signal?: AbortSignal) => {
		if (signal?.aborted) throw new Error('aborted');
		this.sleeps.push(ms);
		this.time += ms;
	};
}

export function problem(status: number, type: string, message?: string, extra: Record<string, unknown> = {}) {
	return {
		status,
		body: {
			status,
			type: `https://reference.airbyte.com/reference/errors#${type}`,
			title: type,
			detail: 'detail text',
			...(message ? { data: { message, ...extra } } : {}),
		},
	};
}

export function makeClient(handler: Handler, options: Partial<AirbyteClientOptions> = {}) {
	const clock = new VirtualClock();
	const transport = new ScriptedTransport(handler);
	const client = new AirbyteClient({
		baseUrl: 'http://airbyte.local:8000/api/public/v1',
		transport,
		sleep: clock.sleep,
		now: clock.now,
		random: () => 0.5,
		...options,
	});
	return { client, transport, clock };
}
