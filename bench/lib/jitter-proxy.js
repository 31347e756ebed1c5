'use strict';
// A small HTTP proxy in front of the sandbox that holds each request for a random 0…maxMs before
// passing it on (seeded, so runs repeat). The sandbox answers every request after the same fixed
// latency, so on loopback requests sent in order also arrive in order; real networks and
// load-balanced APIs do not keep that promise. This proxy stands in for that jitter.

const http = require('node:http');
const path = require('node:path');

// The sandbox's seeded PRNG (compiled to build/ by tsconfig.dev.json), so runs repeat exactly.
const { mulberry32 } = require(path.resolve(__dirname, '..', '..', 'build', 'test', 'sandbox', 'server.js'));

function withoutHopByHop(headers) {
	for (const name of ['transfer-encoding', 'connection', 'keep-alive', 'proxy-connection']) delete headers[name];
	return headers;
}

/** Starts the proxy for `target` (an origin such as http://127.0.0.1:1234); resolves { origin, close }. */
async function startJitterProxy({ target, maxMs, seed = 1 }) {
	const upstream = new URL(target);
	const random = mulberry32(seed);
	const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			setTimeout(() => {
				const forward = http.request(
					{
						host: upstream.hostname,
						port: upstream.port,
						method: req.method,
						path: req.url,
						headers: withoutHopByHop({ ...req.headers, host: upstream.host, 'content-length': String(body.length) }),
						agent,
					},
					(answer) => {
						res.writeHead(answer.statusCode, answer.headers);
						answer.pipe(res);
					},
				);
				forward.on('error', () => res.destroy());
				forward.end(body);
			}, random() * maxMs);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${server.address().port}`;
	return {
		origin,
		close: () =>
			new Promise((resolve) => {
				agent.destroy();
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startJitterProxy };
