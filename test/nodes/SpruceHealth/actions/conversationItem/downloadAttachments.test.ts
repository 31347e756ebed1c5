import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation Item → Download Attachments', () => {
	test('every attachment as binary with file name and MIME type, fetched without the Spruce token', async () => {
		const run = await runOperation(sandbox, 'conversationItem', 'downloadAttachments', { conversationItemId: locator('ti_0003') });
		expect(run.error).toBeUndefined();
		const [item] = run.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['attachment_0', 'attachment_1']);
		expect(item.binary!.attachment_0).toMatchObject({ fileName: 'insurance-card.png', mimeType: 'image/png' });
		expect(item.binary!.attachment_1).toMatchObject({ fileName: 'labs.pdf', mimeType: 'application/pdf' });
		expect(Buffer.from(item.binary!.attachment_1.data, 'base64').toString()).toBe('%PDF-1.4 lab results');
		expect(item.json.files).toHaveLength(2);
		const { downloads } = sandbox.ledger();
		expect(downloads).toHaveLength(2);
		expect(downloads.every((d) => d.authorization === false)).toBe(true);
	});

	test('a custom prefix; an item without files gives no binary', async () => {
		const run = await runOperation(sandbox, 'conversationItem', 'downloadAttachments', {
			conversationItemId: locator('ti_0004'),
			options: { binaryPropertyPrefix: 'voicemail' },
		});
		expect(Object.keys(run.items[0].binary ?? {})).toEqual(['voicemail0']);
		const none = await runOperation(sandbox, 'conversationItem', 'downloadAttachments', { conversationItemId: locator('ti_0002') });
		expect(none.items[0].binary).toBeUndefined();
		expect(none.items[0].json.files).toEqual([]);
	});
});
