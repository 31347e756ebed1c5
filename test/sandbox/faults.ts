/** Fault injection: which requests fail, and how. */
import { isPlainObject } from './http';

export type FaultKind =
	| 'fail-before' // answer 500 without recording anything
	| 'fail-after' // record the message / media, then answer 500
	| 'reset-after' // record, then destroy the socket without answering
	| 'stall-after' // record, then send nothing; destroy the socket after stallMs or on close()
	| 'rate-limit' // 429 with a Retry-After header
	| 'rate-limit-no-header' // 429 without Retry-After
	| 'cut-after' // record, send the headers and half of the body, then destroy the socket
	| 'drip-after' // record, then send the answer one byte every dripMs
	| 'drip-500' // a 500 sent one byte every dripMs, nothing recorded
	| 'reject-422' // a 422 that is not the duplicate answer (a validation error), nothing recorded
	| 'html-200' // 200 text/html (a captive portal or a proxy's block page), nothing recorded
	| 'empty-200' // 200 with the JSON body {}, nothing recorded
	| 'redirect' // 302 to redirectTo, nothing recorded
	| 'echo-token'; // 400 whose type, message and s-request-id repeat the request's token

/** The faults a retry with the same idempotency key recovers from (the fault proof mixes these). */
export const TRANSIENT_FAULT_KINDS: readonly FaultKind[] = [
	'fail-before',
	'fail-after',
	'reset-after',
	'stall-after',
	'rate-limit',
	'rate-limit-no-header',
	'cut-after',
	'drip-after',
	'drip-500',
	'html-200',
	'empty-200',
];

export const FAULT_KINDS: readonly FaultKind[] = [...TRANSIENT_FAULT_KINDS, 'reject-422', 'redirect', 'echo-token'];

export interface FaultPlan {
	/** which requests faults may hit: 'messages' = POST /conversations/{id}/messages, 'media' = POST /media, 'all' = every API route */
	target?: 'messages' | 'media' | 'all';
	/** applied, in order, to the next matching requests (one each) */
	sequence?: Array<FaultKind | 'none'>;
	/** 0..1: after the sequence is used up, each matching request is faulted with this probability */
	rate?: number;
	/** the kinds drawn from (uniformly) when `rate` fires; required when rate > 0 */
	kinds?: FaultKind[];
	/** seed of the PRNG behind rate/kinds (default 1: runs are reproducible) */
	seed?: number;
	/** how long 'stall-after' holds the socket before destroying it (default 60_000) */
	stallMs?: number;
	/** the Retry-After value (seconds) of the 'rate-limit' fault (default 1) */
	retryAfterSeconds?: number;
	/** the pause between two bytes of the 'drip-*' faults (default 200) */
	dripMs?: number;
	/** where the 'redirect' fault sends the client (default https://example.com/v1) */
	redirectTo?: string;
}

/** mulberry32: a tiny deterministic PRNG (the benchmark's jitter proxy uses it too). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function assertNonNegativeNumber(value: unknown, name: string): void {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new TypeError(`${name} must be a non-negative number`);
	}
}

export function validateFaultPlan(input: FaultPlan | null | undefined): FaultPlan | null {
	if (input === null || input === undefined) return null;
	if (!isPlainObject(input as unknown)) throw new TypeError('the fault plan must be an object or null');
	const plan = input as FaultPlan;
	if (plan.target !== undefined && !['messages', 'media', 'all'].includes(plan.target)) {
		throw new TypeError(`fault target must be 'messages', 'media' or 'all', not ${JSON.stringify(plan.target)}`);
	}
	if (plan.sequence !== undefined) {
		if (!Array.isArray(plan.sequence)) throw new TypeError('fault sequence must be an array');
		for (const kind of plan.sequence) {
			if (kind !== 'none' && !FAULT_KINDS.includes(kind)) throw new TypeError(`unknown fault kind ${JSON.stringify(kind)}`);
		}
	}
	if (plan.rate !== undefined && (typeof plan.rate !== 'number' || !(plan.rate >= 0 && plan.rate <= 1))) {
		throw new TypeError('fault rate must be a number from 0 to 1');
	}
	if (plan.kinds !== undefined) {
		if (!Array.isArray(plan.kinds)) throw new TypeError('fault kinds must be an array');
		for (const kind of plan.kinds) {
			if (!FAULT_KINDS.includes(kind)) throw new TypeError(`unknown fault kind ${JSON.stringify(kind)}`);
		}
	}
	if ((plan.rate ?? 0) > 0 && (plan.kinds ?? []).length === 0) {
		throw new TypeError('fault kinds must list at least one kind when rate > 0');
	}
	if (plan.seed !== undefined && (typeof plan.seed !== 'number' || !Number.isFinite(plan.seed))) {
		throw new TypeError('fault seed must be a number');
	}
	if (plan.stallMs !== undefined) assertNonNegativeNumber(plan.stallMs, 'stallMs');
	if (plan.retryAfterSeconds !== undefined) assertNonNegativeNumber(plan.retryAfterSeconds, 'retryAfterSeconds');
	if (plan.dripMs !== undefined) assertNonNegativeNumber(plan.dripMs, 'dripMs');
	if (plan.redirectTo !== undefined && typeof plan.redirectTo !== 'string') {
		throw new TypeError('redirectTo must be a string');
	}
	return {
		...plan,
		sequence: plan.sequence ? [...plan.sequence] : undefined,
		kinds: plan.kinds ? [...plan.kinds] : undefined,
	};
}

export class FaultInjector {
	private index = 0;
	private readonly random: () => number;

	constructor(readonly plan: FaultPlan) {
		this.random = mulberry32(plan.seed ?? 1);
	}

	/** The fault for the next request of this route, consuming one sequence entry or one draw. */
	next(target: string | undefined): FaultKind | null {
		const planTarget = this.plan.target ?? 'messages';
		if (planTarget !== 'all' && planTarget !== target) return null;
		const sequence = this.plan.sequence ?? [];
		if (this.index < sequence.length) {
			const kind = sequence[this.index++];
			return kind === 'none' ? null : kind;
		}
		const rate = this.plan.rate ?? 0;
		const kinds = this.plan.kinds ?? [];
		if (rate > 0 && kinds.length > 0 && this.random() < rate) {
			return kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))];
		}
		return null;
	}
}

type AfterFault = 'fail-after' | 'reset-after' | 'stall-after' | 'cut-after' | 'drip-after';

export function isAfterFault(kind: FaultKind | null): kind is AfterFault {
	return (
		kind === 'fail-after' || kind === 'reset-after' || kind === 'stall-after' || kind === 'cut-after' || kind === 'drip-after'
	);
}
