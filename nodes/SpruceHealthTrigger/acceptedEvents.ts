import type { IDataObject } from 'n8n-workflow';

import { RecentKeys } from './shared/recentKeys';

/**
 * Spruce retries a failed delivery every 2 minutes, up to 10 times: an hour covers every retry.
 * 2,000 keys hold two minutes at Spruce's top rate (1,000 events a minute) while keeping the
 * static data n8n saves after each delivery small.
 */
export const SEEN_EVENTS = { max: 2_000, ttlMs: 60 * 60_000 };

/**
 * n8n reads a trigger's static data from its database for every delivery and writes it back,
 * whole, once the workflow was handed on. Deliveries that overlap (Spruce sends events as they
 * happen, and may send one twice at once) all start from the same stored keys: both copies of an
 * event pass, and each write drops the keys the others added, so later redeliveries pass too
 * (seen in n8n's queue mode, where one webhook process answers every delivery, and the same in
 * a single n8n). So each n8n process also keeps the keys it accepted in the last minute: checked
 * and added with nothing awaited in between, so of overlapping copies only the first passes; and
 * every delivery writes them into the static data, so the last write of a burst holds them all.
 * A minute, not an hour: when n8n then fails to start the workflow (it answers 500), Spruce's
 * retry two minutes later must pass.
 */
export const ACCEPTED_IN_PROCESS = { max: SEEN_EVENTS.max, ttlMs: 60_000 };

/** Registrations whose keys one process keeps; the one unused longest is dropped first. */
const MAX_TRIGGERS = 1_000;
const inProcess = new Map<string, IDataObject>();

function processStore(trigger: string): IDataObject {
	let store = inProcess.get(trigger);
	if (store) inProcess.delete(trigger);
	else store = {};
	inProcess.set(trigger, store);
	if (inProcess.size > MAX_TRIGGERS) inProcess.delete(inProcess.keys().next().value as string);
	return store;
}

/**
 * True the first time this event reaches the trigger (`trigger`: its workflow, node and
 * endpoint): not in the stored keys, not accepted by this process moments ago. Remembered in both.
 */
export function firstDelivery(stored: IDataObject, trigger: string, event: string): boolean {
	const now = Date.now();
	const saved = new RecentKeys(stored, 'seenEvents', SEEN_EVENTS, now);
	const accepted = new RecentKeys(processStore(trigger), 'seenEvents', ACCEPTED_IN_PROCESS, now);
	const first = !saved.has(event) && accepted.add(event);
	if (first) saved.add(event);
	saved.merge(accepted);
	return first;
}
