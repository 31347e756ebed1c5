import { createHash, randomUUID } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** `!` to `~`: what an HTTP header value carries safely, checked before anything is sent. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

const runKeys = new WeakMap<object, string>();

/** Identifies this run of this node in this execution; the same when n8n retries the node. */
function runIdentity(ctx: IExecuteFunctions): string {
	let identity = runKeys.get(ctx);
	if (!identity) {
		const executionId = ctx.getExecutionId();
		const node = ctx.getNode();
		let runIndex = 0;
		try {
			runIndex = Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0);
		} catch {
			runIndex = 0;
		}
		// Without an execution id there is nothing stable to derive from: a fresh key per run is
		// still safe within it, and never repeats an earlier run's key.
		identity = executionId
			? `${executionId}\n${node.id}\n${runIndex}`
			: `${randomUUID()}\n${node.id}\n${runIndex}`;
		runKeys.set(ctx, identity);
	}
	return identity;
}

/**
 * The `s-idempotency-key` for one item. A user-given key wins; otherwise it is derived from the
 * execution id, the node, the run index and the item index: the same if n8n retries this item
 * (so Spruce refuses a second post with 422), different in every new execution.
 */
export function idempotencyKeyFor(ctx: IExecuteFunctions, itemIndex: number, given: unknown): string {
	const text = given === undefined || given === null ? '' : String(given).trim();
	if (text !== '') {
		if (text.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The idempotency key is ${text.length} characters long; Spruce accepts at most ${MAX_IDEMPOTENCY_KEY_LENGTH}`,
				{
					itemIndex,
					description:
						'Shorten Options → Idempotency Key (for example use an appointment id), or leave it empty to let the node make one.',
				},
			);
		}
		if (!VISIBLE_ASCII.test(text)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The idempotency key may only contain visible ASCII characters',
				{
					itemIndex,
					description:
						'It is sent as an HTTP header, so letters, digits and punctuation only: no spaces, line breaks, accents or emoji. Change Options → Idempotency Key (for example use an appointment id), or leave it empty to let the node make one.',
				},
			);
		}
		return text;
	}
	const digest = createHash('sha256').update(`${runIdentity(ctx)}\n${itemIndex}`).digest('hex');
	return `n8n-${digest.slice(0, 48)}`;
}
