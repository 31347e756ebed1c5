'use strict';
// The editor's pickers against a large organization, in-process: `searchConversations` (the
// Conversation resource locator) and `searchMembers` ("Send As"), called through the harness the
// way n8n's backend calls listSearch methods. The sandbox's ledger counts the API pages.

const { support, sandboxServer } = require('./in-process');

const CONVERSATIONS_ROUTE = 'GET /conversations';
const MEMBERS_ROUTE = 'GET /organization/members';
/** What searchConversations asks for (nodes/SpruceHealth/methods/listSearch.ts). */
const CONVERSATION_PAGE_SIZE = 200;
/** What organizationMembers asks for (nodes/SpruceHealth/methods/members.ts). */
const MEMBER_PAGE_SIZE = 500;
const SEED_CONVERSATIONS = 8;
const SEED_MEMBERS = 7; // the organization, 4 teammates, 2 teams

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function routeCount(sandbox, route) {
	return sandbox.ledger().requests.byRoute[route] ?? 0;
}

async function timed(fn) {
	const t = process.hrtime.bigint();
	const value = await fn();
	return { value, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

/**
 * @param {{ conversations: number, members: number, repeats: number, filter: string }} spec
 */
async function runPickers(spec) {
	const { listSearch } = support();
	const sandbox = await sandboxServer().startSandbox({
		latencyMs: spec.latencyMs ?? 0,
		extraConversations: spec.conversations,
		extraMembers: spec.members,
	});
	try {
		const totalConversations = SEED_CONVERSATIONS + spec.conversations;
		const totalConversationPages = Math.ceil(totalConversations / CONVERSATION_PAGE_SIZE);
		const rawPage = async () => {
			const response = await fetch(
				`${sandbox.url}/conversations?orderBy=last_message&pageSize=${CONVERSATION_PAGE_SIZE}`,
				{ headers: { authorization: `Bearer ${sandbox.token}` } },
			);
			const body = await response.json();
			if (!response.ok) throw new Error(`raw page: ${response.status} ${JSON.stringify(body)}`);
			return body;
		};

		// 1. The Conversation picker opens: first page, no filter.
		sandbox.reset();
		const cold = await timed(() => listSearch(sandbox, 'searchConversations'));
		const firstPagePages = routeCount(sandbox, CONVERSATIONS_ROUTE);
		const firstPageResults = cold.value.results.length;
		const hasToken = typeof cold.value.paginationToken === 'string' && cold.value.paginationToken !== '';
		await rawPage(); // warm the raw path as well
		const ours = [];
		const raw = [];
		for (let i = 0; i < spec.repeats; i++) {
			ours.push((await timed(() => listSearch(sandbox, 'searchConversations'))).ms);
			raw.push((await timed(rawPage)).ms);
		}
		const firstPage = {
			apiPages: firstPagePages,
			results: firstPageResults,
			paginationToken: hasToken,
			coldMs: cold.ms,
			warmMedianMs: median(ours),
			rawFetchMedianMs: median(raw),
			ourCodeMs: Math.max(0, median(ours) - median(raw)),
			repeats: spec.repeats,
		};

		// 2. A filter that matches a few conversations: follow the pagination token like the editor
		// does on scroll, until the first results show up (and then on to the end, to count).
		sandbox.reset();
		const calls = [];
		let token;
		let firstResultsAtCall;
		let pagesBeforeFirstResults;
		let msBeforeFirstResults = 0;
		let found = 0;
		for (let call = 1; call <= totalConversationPages + 1; call++) {
			const before = routeCount(sandbox, CONVERSATIONS_ROUTE);
			const { value, ms } = await timed(() => listSearch(sandbox, 'searchConversations', spec.filter, token));
			const pages = routeCount(sandbox, CONVERSATIONS_ROUTE) - before;
			calls.push({ call, pages, results: value.results.length, ms });
			found += value.results.length;
			if (firstResultsAtCall === undefined) msBeforeFirstResults += ms;
			if (firstResultsAtCall === undefined && value.results.length > 0) {
				firstResultsAtCall = call;
				pagesBeforeFirstResults = routeCount(sandbox, CONVERSATIONS_ROUTE);
			}
			token = value.paginationToken;
			if (!token) break;
		}
		const expectedMatches = Math.floor(spec.conversations / 10_000);
		const filter = {
			filter: spec.filter,
			expectedMatches,
			found,
			totalConversationPages,
			firstResultsAtCall,
			pagesBeforeFirstResults,
			msBeforeFirstResults,
			firstCall: calls[0],
			calls: calls.length,
			pagesForAll: calls.reduce((sum, c) => sum + c.pages, 0),
		};

		// 3. "Send As": typing B, Be, Ben in one picker session.
		sandbox.reset();
		const keystrokes = [];
		for (const text of ['B', 'Be', 'Ben']) {
			const before = routeCount(sandbox, MEMBERS_ROUTE);
			const { value, ms } = await timed(() => listSearch(sandbox, 'searchMembers', text));
			keystrokes.push({ filter: text, requests: routeCount(sandbox, MEMBERS_ROUTE) - before, results: value.results.length, ms });
		}
		const totalMembers = SEED_MEMBERS + spec.members;
		const pagesPerFetch = Math.ceil(totalMembers / MEMBER_PAGE_SIZE);
		const memberRequests = keystrokes.reduce((sum, k) => sum + k.requests, 0);
		const members = {
			totalMembers,
			pagesPerFetch,
			requests: memberRequests,
			fetches: memberRequests / pagesPerFetch,
			keystrokes,
		};
		return { conversations: totalConversations, firstPage, filter, members };
	} finally {
		await sandbox.close();
	}
}

module.exports = { runPickers, median };
