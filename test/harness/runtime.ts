/**
 * One-time bootstrap of the n8n-core services that the execution engine pulls
 * from the DI container (`@n8n/di`).
 *
 * n8n-core 2.8.1 resolves these lazily via `Container.get(...)`:
 *  - `Logger` (@n8n/backend-common): every node execution context, ErrorReporter, ...
 *  - `InstanceSettings`: every node execution context (constructor), `Cipher`
 *    (credential encryption), `BinaryDataConfig`. Its real constructor reads/writes
 *    `<n8nFolder>/config` (by default `~/.n8n/config`), so we construct it
 *    ourselves against a throw-away temp folder.
 *  - `BinaryDataConfig` + `BinaryDataService`: `prepareBinaryData`,
 *    `getBinaryDataBuffer`, `convertBinaryData` (after every node run).
 *  - `SSHClientsManager`: created by every `ExecuteContext` / `LoadOptionsContext`;
 *    its constructor starts a 60s `setInterval` and adds a `process.on('exit')`
 *    listener, which would keep jest from exiting.
 *  - `ErrorReporter`, `ExecutionContextService`, `Cipher`: fine to build via DI
 *    once the above are in place.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, ErrorReporter, InstanceSettings } from 'n8n-core';
// Not re-exported from the n8n-core barrel; n8n-core has no `exports` map so the deep path is stable for 2.8.x.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { LoggerProxy } from 'n8n-workflow';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const HARNESS_ENCRYPTION_KEY = 'n8n-nodes-test-harness-encryption-key';

type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];

/**
 * A Logger that drops everything, unless `N8N_HARNESS_LOG=<error|warn|info|debug>`
 * is set, in which case messages up to that level go to the console (handy when debugging a test).
 */
export function createHarnessLogger(): Logger {
	const wanted = process.env.N8N_HARNESS_LOG as LogLevel | undefined;
	const maxIndex = wanted && LEVELS.includes(wanted) ? LEVELS.indexOf(wanted) : -1;
	const make =
		(level: LogLevel) =>
		(message: string, metadata?: unknown): void => {
			if (LEVELS.indexOf(level) > maxIndex) return;
			// eslint-disable-next-line no-console
			console[level === 'debug' ? 'log' : level](`[n8n ${level}] ${message}`, metadata ?? '');
		};
	const logger = {
		error: make('error'),
		warn: make('warn'),
		info: make('info'),
		debug: make('debug'),
		scoped: () => logger,
	};
	return logger as unknown as Logger;
}

let containerReady = false;
let binaryDataReady: Promise<void> | undefined;

/**
 * Synchronous part of the bootstrap: registers Logger, InstanceSettings, BinaryDataConfig and a
 * tamed SSHClientsManager in the DI container. Runs when this module is imported, so nothing
 * can make DI construct the real InstanceSettings (which would write `~/.n8n/config`).
 */
export function setupContainer(): void {
	if (containerReady) return;
	const logger = createHarnessLogger();
	Container.set(Logger, logger);
	LoggerProxy.init(logger);

	// The InstanceSettings constructor writes `<n8nFolder>/config`; it keeps everything in memory
	// afterwards, so the temp folder is removed right away.
	const n8nFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	try {
		type InstanceSettingsConfig = ConstructorParameters<typeof InstanceSettings>[0];
		const instanceSettings = new InstanceSettings(
			{
				n8nFolder,
				userHome: n8nFolder,
				encryptionKey: HARNESS_ENCRYPTION_KEY,
				enforceSettingsFilePermissions: false,
			} as InstanceSettingsConfig,
			logger,
		);
		Container.set(InstanceSettings, instanceSettings);

		type ExecutionsConfig = ConstructorParameters<typeof BinaryDataConfig>[1];
		type StorageConfig = ConstructorParameters<typeof BinaryDataConfig>[2];
		const binaryDataConfig = new BinaryDataConfig(
			instanceSettings,
			{ mode: 'regular' } as ExecutionsConfig,
			{ storagePath: path.join(n8nFolder, 'storage') } as StorageConfig,
		);
		// "default" = n8n's in-memory mode: binary data stays base64 inline in `IBinaryData.data`.
		binaryDataConfig.mode = 'default';
		binaryDataConfig.availableModes = ['default'];
		Container.set(BinaryDataConfig, binaryDataConfig);
	} finally {
		rmSync(n8nFolder, { recursive: true, force: true });
	}

	// Build the SSH clients manager now and neutralise its process-lifetime side effects
	// (idle-cleanup interval + exit listener) so jest can exit without --forceExit.
	const exitListenersBefore = new Set(process.listeners('exit'));
	const sshClientsManager = Container.get(SSHClientsManager);
	for (const listener of process.listeners('exit')) {
		if (!exitListenersBefore.has(listener)) process.removeListener('exit', listener);
	}
	const { cleanupTimer } = sshClientsManager as unknown as { cleanupTimer?: NodeJS.Timeout };
	if (cleanupTimer) clearInterval(cleanupTimer);

	containerReady = true;
}

async function initBinaryData(): Promise<void> {
	const logger = Container.get(Logger);
	const config = Container.get(BinaryDataConfig);
	const binaryDataService = new BinaryDataService(config, Container.get(ErrorReporter), logger);
	// init() always creates a FileSystemManager and its storage dir; in "default" mode that
	// manager is never used, so the dir is a throw-away.
	const storage = mkdtempSync(path.join(tmpdir(), 'n8n-harness-storage-'));
	const configuredPath = config.localStoragePath;
	try {
		config.localStoragePath = storage;
		await binaryDataService.init();
	} finally {
		config.localStoragePath = configuredPath;
		rmSync(storage, { recursive: true, force: true });
	}
	Container.set(BinaryDataService, binaryDataService);
}

/** Idempotent; every public harness entry point awaits it. */
export async function ensureRuntime(): Promise<void> {
	setupContainer();
	binaryDataReady ??= initBinaryData();
	return await binaryDataReady;
}

setupContainer();
