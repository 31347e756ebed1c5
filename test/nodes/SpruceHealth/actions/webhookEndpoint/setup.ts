import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Sandbox } from '../../../../support';

/** Registers an endpoint straight with the sandbox (as another tool would); returns its id. */
export async function registerEndpoint(
	sandbox: Sandbox,
	name = 'EHR sync',
	url = 'https://ehr.example.com/spruce',
) {
	const response = await fetch(`${sandbox.url}/webhooks/endpoints`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ name, url }),
	});
	return ((await response.json()) as { endpoint: { id: string } }).endpoint.id;
}

/** A loopback receiver answering the given statuses in turn (then 200). */
export async function receiver(statuses: number[] = []) {
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(statuses.shift() ?? 200).end());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
