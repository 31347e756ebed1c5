/**
 * Runs the Spruce sandbox until SIGINT/SIGTERM:
 *   node build/test/sandbox/cli.js [--port N] [--host H] [--token T] [--latency MS]
 *     [--rate-limit L --window-ms W] [--daily-limit D [--daily-window-ms W]] [--no-retry-after]
 *     [--faults JSON] [--conversations N] [--members N]
 */
import { startSandbox, type RateLimitOptions, type SandboxOptions } from './server';

const USAGE = `usage: node build/test/sandbox/cli.js [--port N] [--host H] [--token T] [--latency MS]
  [--rate-limit L --window-ms W] [--daily-limit D [--daily-window-ms W]] [--no-retry-after]
  [--faults JSON] [--conversations N] [--members N]`;

function fail(message: string): never {
	process.stderr.write(`${message}\n${USAGE}\n`);
	process.exit(2);
}

function parseArgs(argv: string[]): SandboxOptions {
	const values = new Map<string, string>();
	const flags = new Set<string>();
	const withValue = new Set([
		'--port',
		'--host',
		'--token',
		'--latency',
		'--rate-limit',
		'--window-ms',
		'--daily-limit',
		'--daily-window-ms',
		'--faults',
		'--conversations',
		'--members',
	]);
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		if (arg === '--no-retry-after') {
			flags.add(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(0, eq) : arg;
		if (!withValue.has(name)) fail(`unknown option ${arg}`);
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined) fail(`${name} needs a value`);
		values.set(name, value);
	}

	const int = (name: string, min: number): number | undefined => {
		const raw = values.get(name);
		if (raw === undefined) return undefined;
		if (!/^\d+$/.test(raw) || Number(raw) < min) fail(`${name} must be an integer >= ${min}`);
		return Number(raw);
	};

	const options: SandboxOptions = {
		host: values.get('--host') ?? '127.0.0.1',
		port: int('--port', 0) ?? 0,
		token: values.get('--token'),
		latencyMs: int('--latency', 0),
		extraConversations: int('--conversations', 0),
		extraMembers: int('--members', 0),
	};

	const limit = int('--rate-limit', 1);
	const dailyLimit = int('--daily-limit', 1);
	if (limit !== undefined || dailyLimit !== undefined) {
		const rateLimit: RateLimitOptions = {
			// a daily limit alone still needs a per-window pair: make that one unreachable
			limit: limit ?? Number.MAX_SAFE_INTEGER,
			windowMs: int('--window-ms', 1) ?? 60_000,
			retryAfter: !flags.has('--no-retry-after'),
		};
		if (dailyLimit !== undefined) {
			rateLimit.dailyLimit = dailyLimit;
			rateLimit.dailyWindowMs = int('--daily-window-ms', 1);
		}
		options.rateLimit = rateLimit;
	} else if (values.has('--window-ms')) {
		fail('--window-ms needs --rate-limit');
	}

	const faults = values.get('--faults');
	if (faults !== undefined) {
		try {
			options.faults = JSON.parse(faults);
		} catch {
			fail('--faults must be JSON, e.g. \'{"sequence":["fail-after"]}\'');
		}
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const sandbox = await startSandbox(options);
	process.stdout.write(
		[
			`Spruce sandbox listening on ${sandbox.url}`,
			`token: ${sandbox.token}`,
			`control: ${sandbox.origin}/_sandbox/ledger (GET), /_sandbox/reset, /_sandbox/faults, /_sandbox/config (POST)`,
			'',
		].join('\n'),
	);

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`${signal}: closing the sandbox\n`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
	process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
