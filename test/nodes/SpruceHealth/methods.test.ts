import { NodeApiError } from 'n8n-workflow';

import { callListSearch } from '../../harness';
import {
	credentialTest,
	credentialTypes,
	listSearch,
	loadOptions,
	nodeType,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ extraConversations: 450 })));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation picker (searchConversations)', () => {
	test('without a filter: one page of conversations, most recent first, with a token for more', async () => {
		const page = await listSearch(sandbox, 'searchConversations');
		expect(page.results).toHaveLength(200);
		expect(page.results[0]).toEqual({
			name: 'Jane Cooper — (555) 201-0001 · phone',
			value: 't_0001',
			url: 'https://app.sprucehealth.com/org/entity_ORG0001/thread/t_0001',
		});
		// Read-only conversations take no posts: marked, and after the others.
		const readOnly = page.results.filter((r) => r.name.endsWith('· read-only, cannot post'));
		expect(readOnly.map((r) => r.name)).toEqual(['Lab Corp — Fax (555) 300-0006 · fax · read-only, cannot post']);
		expect(page.results[page.results.length - 1]).toBe(readOnly[0]);
		expect(page.paginationToken).toEqual(expect.any(String));
		expect(sandbox.ledger().requests.byRoute['GET /conversations']).toBe(1);

		const next = await listSearch(sandbox, 'searchConversations', undefined, page.paginationToken as string);
		expect(next.results).toHaveLength(200);
		expect(next.results[0].value).not.toBe(page.results[0].value);
	});

	test('a filter matches title and subtitle, case-insensitively', async () => {
		const jane = await listSearch(sandbox, 'searchConversations', 'jane');
		expect(jane.results.map((r) => r.value)).toEqual(['t_0001', 't_0005']);
		const bySubtitle = await listSearch(sandbox, 'searchConversations', '201-0007');
		expect(bySubtitle.results.map((r) => r.value)).toEqual(['t_0007']);
		const none = await listSearch(sandbox, 'searchConversations', 'no such patient');
		expect(none.results).toEqual([]);
		expect(none.paginationToken).toBeUndefined();
	});
});

describe('Send As picker and page members', () => {
	test('searchMembers: the organization first, then teammates and teams; suspended teammates left out', async () => {
		const all = await listSearch(sandbox, 'searchMembers');
		expect(all.results.map((r) => r.name)).toEqual([
			'Riverside Family Practice (organization)',
			'Dr. Ada Moss, MD (teammate)',
			'Ben Ortiz, RN (teammate)',
			'Chloe Park (teammate)',
			'Front Desk (team)',
			'Billing Team (team)',
		]);
		const filtered = await listSearch(sandbox, 'searchMembers', 'desk');
		expect(filtered.results).toEqual([{ name: 'Front Desk (team)', value: 'entity_TEAM01' }]);
	});

	test('getMembers lists the teammates and teams a page can notify', async () => {
		const options = await loadOptions(sandbox, 'getMembers');
		expect(options.map((o) => o.value).sort()).toEqual(
			['entity_TEAM01', 'entity_TEAM02', 'entity_TM001', 'entity_TM002', 'entity_TM003'].sort(),
		);
		expect(options.find((o) => o.value === 'entity_TM002')?.name).toBe('Ben Ortiz, RN (teammate)');
	});

	test('both pickers list teammates and teams in the same order', async () => {
		const sendAs = (await listSearch(sandbox, 'searchMembers')).results.map((r) => r.value);
		const pageTargets = (await loadOptions(sandbox, 'getMembers')).map((o) => o.value);
		expect(pageTargets).toEqual(sendAs.filter((id) => id !== 'entity_ORG0001'));
		expect(pageTargets).toEqual(['entity_TM001', 'entity_TM002', 'entity_TM003', 'entity_TEAM01', 'entity_TEAM02']);
	});
});

describe('Picker errors fit the dropdown', () => {
	const wrongToken = (method: string) =>
		callListSearch({
			nodeType,
			credentialTypes,
			credentials: sandboxCredentials(sandbox, { apiToken: 'wrong-token-1b2c' }),
			method,
		});

	test.each(['searchConversations', 'searchMembers'])('%s with a wrong token: one line that says what to do', async (method) => {
		const error = (await wrongToken(method).then(
			() => undefined,
			(e: unknown) => e,
		)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Spruce rejected the token: check the credential');
		expect(error.description ?? undefined).toBeUndefined();
		expect(error.httpCode).toBe('403');
		expect(error.context.data).toMatchObject({ statusCode: 403, type: 'FORBIDDEN' });
		expect(JSON.stringify(error)).not.toContain('wrong-token-1b2c');
	});
});

describe('Credential test', () => {
	test('a good token: OK', async () => {
		expect(await credentialTest({ authMethod: 'apiToken', apiToken: sandbox.token, baseUrl: sandbox.url })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sandbox.ledger().requests.byRoute['GET /organization']).toBe(1);
	});

	test('a rejected token reads as "token rejected"', async () => {
		const result = await credentialTest({ authMethod: 'apiToken', apiToken: 'nope', baseUrl: sandbox.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Spruce rejected the token \(403\)/);
	});

	test('a trailing slash on the base URL is fine', async () => {
		const result = await credentialTest({ authMethod: 'apiToken', apiToken: sandbox.token, baseUrl: `${sandbox.url}/` });
		expect(result.status).toBe('OK');
	});
});

describe('Conversation picker in a big organization', () => {
	let big: Sandbox;
	beforeAll(async () => (big = await startSandbox({ extraConversations: 50_000 })));
	afterAll(async () => await big.close());

	test('a rare match is found by scanning, and the editor can continue from the token', async () => {
		const first = await listSearch(big, 'searchConversations', 'zebra search target');
		expect(first.results.map((r) => r.name)).toEqual([expect.stringMatching(/^Zebra Search Target 1\b/)]);
		// Stopped after a few pages past the first match, not at the end of the list.
		const pages = big.ledger().requests.byRoute['GET /conversations'];
		expect(pages).toBeLessThan(251);
		expect(first.paginationToken).toEqual(expect.any(String));
		const next = await listSearch(big, 'searchConversations', 'zebra search target', first.paginationToken as string);
		expect(next.results.length).toBeGreaterThanOrEqual(1);
		expect(next.results[0].name).toMatch(/^Zebra Search Target 2\b/);
	});
});
