import type { IDataObject } from 'n8n-workflow';

export interface RecentKeysLimits {
	/** At most this many keys are kept; the oldest go first. */
	max: number;
	/** Keys whose time is older than this (from now) are forgotten. */
	ttlMs: number;
}

/**
 * A bounded memory of keys kept in a trigger's static data (so it survives restarts), as
 * `{ key: timeMs }` in insertion order. It answers "was this seen already?" for
 * redelivered webhook events and for items a poll looks at twice.
 */
export class RecentKeys {
	private readonly keys: Record<string, number>;

	constructor(
		store: IDataObject,
		field: string,
		private readonly limits: RecentKeysLimits,
		private readonly now = Date.now(),
	) {
		const existing = store[field];
		if (!existing || typeof existing !== 'object' || Array.isArray(existing)) store[field] = {};
		this.keys = store[field] as Record<string, number>;
		this.prune();
	}

	has(key: string): boolean {
		return Object.prototype.hasOwnProperty.call(this.keys, key);
	}

	/**
	 * Remembers the key as of `at` (default: now); false if it was already remembered. A poll
	 * passes the item's own time, so the key is kept exactly as long as the item can be fetched
	 * again, however far apart the polls are.
	 */
	add(key: string, at = this.now): boolean {
		if (this.has(key)) return false;
		this.keys[key] = at;
		this.prune();
		return true;
	}

	/** Takes in the keys of `other` this one lacks, with their times. */
	merge(other: RecentKeys): void {
		for (const [key, at] of Object.entries(other.keys)) if (!this.has(key)) this.keys[key] = at;
		this.prune();
	}

	get size(): number {
		return Object.keys(this.keys).length;
	}

	private prune(): void {
		const names = Object.keys(this.keys);
		let excess = names.length - this.limits.max;
		for (const name of names) {
			const tooOld = this.now - this.keys[name] > this.limits.ttlMs;
			if (excess <= 0 && !tooOld) continue;
			delete this.keys[name];
			excess--;
		}
	}
}
