/** What the sandbox received, for tests to assert on. */
export interface RecordedMessage {
	seq: number;
	conversationId: string;
	idempotencyKey: string | null;
	requestId: string;
	body: { type: string; value: string }[];
	author?: string;
	attachments?: { attachmentId: string; title: string }[];
	internal?: boolean;
	stayArchived?: boolean;
	receivedAt: string;
}

export interface RecordedMedia {
	id: string;
	fileName: string | null;
	contentType: string | null;
	size: number;
	sha256: string;
	receivedAt: string;
}

export interface RecordedSend {
	seq: number;
	internalEndpointId: string;
	destination: Record<string, unknown>;
	message: { body: { type: string; value: string }[]; internal?: boolean };
	sendAt?: string;
	conversationId: string | null;
	idempotencyKey: string | null;
	requestId: string;
}

export interface RecordedDownload {
	path: string;
	/** whether the request carried an Authorization header (a signed URL must not get the token) */
	authorization: boolean;
}

export interface Ledger {
	/** POST /internalendpoints/{id}/conversations */
	sent: RecordedSend[];
	/** attachment downloads from signed URLs */
	downloads: RecordedDownload[];
	messages: RecordedMessage[];
	media: RecordedMedia[];
	/**
	 * idempotency key -> number of writes RECORDED with it (1 for exactly-once). Spruce scopes a key
	 * to its route: one item's contact and its integration link share a key, and count 2.
	 */
	countsByKey: Record<string, number>;
	requests: {
		total: number;
		byRoute: Record<string, number>;
		/** by HTTP status; requests answered by 'reset-after' / 'stall-after' count as "reset" / "stalled" */
		status: Record<string, number>;
		rateLimited: number;
		faulted: number;
	};
	maxInFlight: number;
	maxInFlightPerConversation: number;
	/** how requests broke Spruce's OpenAPI contract (method, path, query, headers, body): none, in a good test */
	violations: string[];
}

export interface MutableLedger {
	sent: RecordedSend[];
	downloads: RecordedDownload[];
	messages: RecordedMessage[];
	media: RecordedMedia[];
	countsByKey: Map<string, number>;
	total: number;
	byRoute: Map<string, number>;
	status: Map<string, number>;
	rateLimited: number;
	faulted: number;
	maxInFlight: number;
	maxInFlightPerConversation: number;
	/** how requests broke Spruce's OpenAPI contract (method, path, query, headers, body): none, in a good test */
	violations: string[];
}

export function emptyLedger(): MutableLedger {
	return {
		sent: [],
		downloads: [],
		messages: [],
		media: [],
		countsByKey: new Map(),
		total: 0,
		byRoute: new Map(),
		status: new Map(),
		rateLimited: 0,
		faulted: 0,
		maxInFlight: 0,
		maxInFlightPerConversation: 0,
		violations: [],
	};
}

export function increment(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}
