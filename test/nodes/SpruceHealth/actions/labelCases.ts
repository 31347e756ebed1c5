import type { INodeParameters } from 'n8n-workflow';

/**
 * Contact tags, contact fields and conversation tags behave alike: each resource's test files
 * run these cases with its own names.
 */
import { runOperation, startSandbox, type Sandbox } from '../../../support';

export interface LabelCase {
	resource: 'contactTag' | 'contactField' | 'conversationTag';
	field: 'value' | 'name';
	route: string;
	seeded: Array<{ id: string; text: string }>;
}

export const CONTACT_TAG: LabelCase = {
	resource: 'contactTag',
	field: 'value',
	route: '/contacts/tags',
	seeded: [
		{ id: 'tag_VIP', text: 'VIP' },
		{ id: 'tag_DIAB', text: 'Diabetes program' },
	],
};
export const CONTACT_FIELD: LabelCase = {
	resource: 'contactField',
	field: 'name',
	route: '/contacts/fields',
	seeded: [
		{ id: 'cf_PHARMACY', text: 'Preferred Pharmacy' },
		{ id: 'cf_INSURER', text: 'Insurance Carrier' },
	],
};
export const CONVERSATION_TAG: LabelCase = {
	resource: 'conversationTag',
	field: 'value',
	route: '/conversations/tags',
	seeded: [
		{ id: 'ctag_FOLLOWUP', text: 'Follow-up' },
		{ id: 'ctag_BILLING', text: 'Billing' },
		{ id: 'ctag_URGENT', text: 'Urgent' },
	],
};

function withSandbox() {
	const box: { sandbox?: Sandbox } = {};
	beforeAll(async () => (box.sandbox = await startSandbox()));
	afterAll(async () => await box.sandbox!.close());
	beforeEach(() => box.sandbox!.reset());
	return () => box.sandbox!;
}

export function createCases(kind: LabelCase) {
	const sandbox = withSandbox();
	const create = (text: string, extra: INodeParameters = {}, input?: Array<{ json: object }>) =>
		runOperation(
			sandbox(),
			kind.resource,
			'create',
			{ [kind.field]: text, ...extra },
			input ? { input: input as never } : {},
		);
	const posts = () => sandbox().ledger().requests.byRoute[`POST ${kind.route}`] ?? 0;

	test('a new one is created: created true', async () => {
		const run = await create('  Post-op check  ');
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ [kind.field]: 'Post-op check', created: true });
		expect(posts()).toBe(1);
	});

	test('an existing one (any letter case) is returned as it is: created false, nothing posted', async () => {
		const [first] = kind.seeded;
		const run = await create(first.text.toUpperCase());
		expect(run.items[0].json).toMatchObject({
			id: first.id,
			[kind.field]: first.text,
			created: false,
		});
		expect(posts()).toBe(0);
	});

	test('two items with the same new text: the first creates it, the second finds it', async () => {
		const run = await create('={{ $json.text }}', {}, [
			{ json: { text: 'Flu shot' } },
			{ json: { text: 'flu shot' } },
		]);
		expect(run.items.map((i) => [i.json.created, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
		]);
		expect(run.items[0].json.id).toBe(run.items[1].json.id);
		expect(posts()).toBe(1);
	});

	test('an idempotency key Spruce has seen is refused: the output says duplicate', async () => {
		await create('Alpha', { options: { idempotencyKey: 'label-key' } });
		const again = await create('Beta', { options: { idempotencyKey: 'label-key' } });
		expect(again.items[0].json).toMatchObject({
			[kind.field]: 'Beta',
			created: false,
			duplicate: true,
			idempotencyKey: 'label-key',
		});
	});

	test('an empty text is refused before anything is sent', async () => {
		const run = await create('={{ "  " }}');
		expect(run.error?.message).toMatch(/is empty/);
		expect(sandbox().ledger().requests.total).toBe(0);
	});
}

export function getAllCases(kind: LabelCase) {
	const sandbox = withSandbox();
	const getAll = (parameters: INodeParameters) =>
		runOperation(sandbox(), kind.resource, 'getAll', parameters);

	test('every one with Return All; a limit cuts the list (asking Spruce for no more)', async () => {
		const all = await getAll({ returnAll: true });
		expect(all.items.map((i) => [i.json.id, i.json[kind.field]])).toEqual(
			kind.seeded.map((s) => [s.id, s.text]),
		);
		const one = await getAll({ limit: 1 });
		expect(one.items.map((i) => i.json.id)).toEqual([kind.seeded[0].id]);
		expect(sandbox().ledger().requests.byRoute[`GET ${kind.route}`]).toBe(2);
	});
}
