import { createHash, randomUUID } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** `!` to `~`: what an HTTP header value carries safely, checked before anything is sent. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

interface RunState {
	identity: string;
	/** How many keys were made so far per scope (e.g. per conversation), in item order. */
	seen: Map<string, number>;
}

const runs = new WeakMap<object, RunState>();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so the same data always gives the same text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** What an item carries, binary files by their description (not their bytes). */
function itemText(item: INodeExecutionData): string {
	const files = Object.entries(item.binary ?? {}).map(([name, file]) => [
		name,
		file.fileName,
		file.mimeType,
		file.fileSize,
	]);
	return canonical([item.json ?? {}, files]);
}

/**
 * Whether the items carry data. n8n's recovery of an execution whose process died fills the
 * runs it cannot restore with a marker item, which is not data.
 */
function hasContent(items: INodeExecutionData[]): boolean {
	return items.some(
		(item) =>
			item.json?.isArtificialRecoveredEventItem !== true &&
			(Object.keys(item.json ?? {}).length > 0 || Object.keys(item.binary ?? {}).length > 0),
	);
}

/**
 * A hash of the items that started this execution: the output of the node(s) at the root of this node's
 * inputs that ran (their latest run). n8n's Retry (from the Executions list) starts from the same
 * stored items, so they are the same in a retry, whether the original failed or its worker
 * crashed. After n8n restarted from a crash, the execution it recovered holds a marker in place
 * of the trigger's output, and its Retry runs the trigger again from the stored items: a second
 * run of the root, which is the one that counts.
 */
function startingItems(ctx: IExecuteFunctions): string | undefined {
	const self = ctx.getNode().name;
	const roots = ctx
		.getParentNodes(self)
		.map((parent) => parent.name)
		.filter((name) => ctx.getParentNodes(name).length === 0)
		.sort();
	const proxy = ctx.getWorkflowDataProxy(0);
	// Hashed item by item: 10,000 trigger items never become one big string.
	const hash = createHash('sha256');
	let any = false;
	for (const name of roots) {
		const node = proxy.$(name);
		if (!node.isExecuted) continue;
		const items = node.all(0, -1) as INodeExecutionData[];
		if (!hasContent(items)) continue;
		any = true;
		hash.update(`${name}\n`);
		for (const item of items) hash.update(`${itemText(item)}\n`);
	}
	return any ? hash.digest('hex') : undefined;
}

/**
 * What this execution is, in a form that n8n's Retry repeats. Test runs from the editor (and
 * executions started without data, like a Manual Trigger's empty item) are told apart by the
 * moment n8n established the execution, which a retry of a failed execution keeps. Everything
 * else is told apart by the data that started it: a schedule's time, a webhook's delivery, an
 * event. Without n8n's execution context (older n8n), the execution id, as before.
 */
function executionOrigin(ctx: IExecuteFunctions): string {
	const context = typeof ctx.getExecutionContext === 'function' ? ctx.getExecutionContext() : undefined;
	if (!context) return `execution:${ctx.getExecutionId() || randomUUID()}`;
	const started = `started:${context.establishedAt}`;
	if ((context.source ?? ctx.getMode()) === 'manual') return started;
	let items: string | undefined;
	try {
		items = startingItems(ctx);
	} catch {
		items = undefined;
	}
	return items === undefined ? started : `data:${items}`;
}

function runState(ctx: IExecuteFunctions): RunState {
	let state = runs.get(ctx);
	if (!state) {
		let runIndex = 0;
		try {
			runIndex = Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0);
		} catch {
			runIndex = 0;
		}
		const workflowId = ctx.getWorkflow().id ?? '';
		const identity = `${workflowId}\n${ctx.getNode().id}\n${runIndex}\n${executionOrigin(ctx)}`;
		state = { identity, seen: new Map() };
		runs.set(ctx, state);
	}
	return state;
}

/**
 * The `s-idempotency-key` for one item. A user-given key wins. Otherwise the key names the n-th
 * request of this node's run to one target (`scope`, e.g. a conversation) in this execution, and
 * the execution by what started it (see executionOrigin). So n8n's own retries, a Retry from the
 * Executions list and a re-run of a crashed job make the same keys, and Spruce turns away (422)
 * what already went out; a second message to the same conversation in one run gets its own key.
 * Call it once per item, in item order (the count per scope depends on it).
 */
export function idempotencyKeyFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	given: unknown,
	scope = `item:${itemIndex}`,
): string {
	const text = given === undefined || given === null ? '' : String(given).trim();
	if (text !== '') {
		if (text.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The Duplicate Protection Key is ${text.length} characters long; Spruce accepts at most ${MAX_IDEMPOTENCY_KEY_LENGTH}`,
				{
					itemIndex,
					description:
						'Shorten Options → Duplicate Protection Key (for example use an appointment id), or leave it empty to let the node make one.',
				},
			);
		}
		if (!VISIBLE_ASCII.test(text)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The Duplicate Protection Key may only contain visible ASCII characters',
				{
					itemIndex,
					description:
						'It is sent as an HTTP header, so letters, digits and punctuation only: no spaces, line breaks, accents or emoji. Change Options → Duplicate Protection Key (for example use an appointment id), or leave it empty to let the node make one.',
				},
			);
		}
		return text;
	}
	const state = runState(ctx);
	const n = state.seen.get(scope) ?? 0;
	state.seen.set(scope, n + 1);
	return `n8n-${sha256(`${state.identity}\n${scope}\n${n}`).slice(0, 48)}`;
}
