// A transparent HTTP proxy in front of the Airbyte emulator that records when each request was in flight
// (arrival to last byte of the answer). n8n's Airbyte credential points at the proxy, so the bench knows how
// long our nodes waited on Airbyte's API without instrumenting the nodes. Bodies are streamed through untouched.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AirbyteCall {
	method: string;
	/** Path without the query string (e.g. /api/public/v1/jobs/12). */
	path: string;
	status: number;
	/** Epoch milliseconds (performance.timeOrigin + performance.now()). */
	start: number;
	end: number;
}

export interface TimingProxy {
	url: string;
	calls(): AirbyteCall[];
	stop(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export async function startTimingProxy(target: string): Promise<TimingProxy> {
	const upstream = new URL(target);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const log: AirbyteCall[] = [];
	const server = http.createServer((req, res) => {
		const start = now();
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0];
		const forward = http.request(
			{ host: upstream.hostname, port: upstream.port, method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				answer.on('end', () => log.push({ method, path, status: answer.statusCode ?? 502, start, end: now() }));
			},
		);
		forward.on('error', (e) => {
			log.push({ method, path, status: 502, start, end: now() });
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`timing proxy: ${e.message}`);
		});
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		calls: () => [...log],
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			agent.destroy();
		},
	};
}
