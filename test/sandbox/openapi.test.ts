import { contractViolations, matchTemplate, schemaViolations } from './openapi';
import { startSandbox } from './server';

const request = (method: string, path: string, body?: unknown, query = '', headers: Record<string, string> = {}) => ({
	method,
	path,
	query: new URLSearchParams(query),
	headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
	body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
});

describe('OpenAPI contract check', () => {
	test('paths: literal segments win over parameters; unknown paths and methods are violations', () => {
		expect(matchTemplate('/contacts/search')).toBe('/contacts/search');
		expect(matchTemplate('/contacts/entity_1')).toBe('/contacts/{contactId}');
		expect(contractViolations(request('GET', '/nope'))).toEqual(['GET /nope: no such path in the OpenAPI document']);
		expect(contractViolations(request('PUT', '/contacts/entity_1', {}))).toEqual([
			'PUT /contacts/entity_1: PUT is not an operation of /contacts/{contactId}',
		]);
	});

	test('query: required, declared, typed and bounded', () => {
		expect(contractViolations(request('GET', '/conversations', undefined, 'orderBy=created&pageSize=200'))).toEqual([]);
		expect(contractViolations(request('GET', '/conversations', undefined, 'pageSize=201&x=1'))).toEqual([
			'GET /conversations: query pageSize is above 200',
			'GET /conversations: query orderBy is required',
			'GET /conversations: query x is not a parameter of this operation',
		]);
		expect(contractViolations(request('GET', '/conversations', undefined, 'orderBy=title'))[0]).toMatch(/query orderBy is "title", not one of created, last_message/);
	});

	test('body: required fields, types, enums, unknown fields, nested arrays; the idempotency header only where declared', () => {
		const post = '/conversations/t_1/messages';
		expect(contractViolations(request('POST', post, { body: [{ type: 'text', value: 'hi' }] }, '', { 's-idempotency-key': 'k' }))).toEqual([]);
		expect(contractViolations(request('POST', post, { bodyy: [], internal: 'yes' }))).toEqual([
			'POST /conversations/{conversationId}/messages: body.body is required',
			'POST /conversations/{conversationId}/messages: body.bodyy is not a known field',
			'POST /conversations/{conversationId}/messages: body.internal is string, not boolean',
		]);
		expect(contractViolations(request('POST', post, { body: [{ type: 'image', value: 'x', extra: 1 }] }))).toEqual([
			expect.stringMatching(/body\.body\[0\]\.type is "image", not one of/),
			expect.stringMatching(/body\.body\[0\]\.extra is not a known field/),
		]);
		expect(contractViolations(request('GET', '/contacts', undefined, '', { 's-idempotency-key': 'k' }))).toEqual([
			'GET /contacts: sends s-idempotency-key, which this operation does not take',
		]);
		expect(contractViolations(request('POST', '/contacts/search', undefined))).toEqual([
			'POST /contacts/search: the request body is required',
		]);
	});

	test('schemas: formats and one-of alternatives', () => {
		expect(schemaViolations({ type: 'string', format: 'date' }, '2000-01-30', 'x')).toEqual([]);
		expect(schemaViolations({ type: 'string', format: 'date' }, '01/30/2000', 'x')).toEqual(['x is not a YYYY-MM-DD date']);
		const either = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
		expect(schemaViolations(either, 5, 'x')).toEqual([]);
		expect(schemaViolations(either, true, 'x')[0]).toMatch(/x matches none of its allowed shapes/);
	});

	test('the sandbox records every violation in its ledger, and reset() clears them', async () => {
		const sandbox = await startSandbox();
		try {
			const response = await fetch(`${sandbox.url}/conversations?orderBy=created&bogus=1`, {
				headers: { authorization: `Bearer ${sandbox.token}` },
			});
			expect(response.status).toBe(200);
			expect(sandbox.ledger().violations).toEqual(['GET /conversations: query bogus is not a parameter of this operation']);
			expect(sandbox.takeViolations()).toHaveLength(1);
			expect(sandbox.takeViolations()).toHaveLength(0);
			sandbox.reset();
			expect(sandbox.ledger().violations).toEqual([]);
		} finally {
			await sandbox.close();
		}
	});
});
