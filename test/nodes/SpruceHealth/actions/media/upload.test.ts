import { createHash } from 'node:crypto';

import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const file = (text: string, fileName: string, mimeType: string) => ({
	data: Buffer.from(text).toString('base64'),
	fileName,
	mimeType,
});

describe('Media → Upload', () => {
	test('uploads the binary field with its name and type; the media ID can be attached to a post later', async () => {
		const run = await runOperation(
			sandbox,
			'media',
			'upload',
			{ binaryPropertyName: 'scan' },
			{
				input: [
					{
						json: {},
						binary: { scan: file('%PDF-1.4 consent', 'consent.pdf', 'application/pdf') } as never,
					},
				],
			},
		);
		expect(run.error).toBeUndefined();
		const { mediaId } = run.items[0].json as { mediaId: string };
		expect(run.items[0].json).toMatchObject({
			fileName: 'consent.pdf',
			mimeType: 'application/pdf',
		});
		expect(sandbox.ledger().media).toEqual([
			expect.objectContaining({
				id: mediaId,
				fileName: 'consent.pdf',
				contentType: 'application/pdf',
				sha256: createHash('sha256').update('%PDF-1.4 consent').digest('hex'),
			}),
		]);
		const post = await runOperation(sandbox, 'message', 'post', {
			conversationId: { __rl: true, mode: 'id', value: 't_0001' },
			bodyMode: 'text',
			text: 'Your consent form',
			attachments: { attachment: [{ source: 'mediaId', mediaId, title: 'Consent' }] },
		});
		expect(post.error).toBeUndefined();
		expect(sandbox.ledger().messages[0].attachments).toEqual([
			{ attachmentId: mediaId, title: 'Consent' },
		]);
	});

	test('an item without that binary field fails before anything is sent, naming the fields it has', async () => {
		const run = await runOperation(
			sandbox,
			'media',
			'upload',
			{ binaryPropertyName: 'data' },
			{
				input: [{ json: {}, binary: { scan: file('x', 'x.png', 'image/png') } as never }],
			},
		);
		expect(run.error?.message).toMatch(/no binary file in the field "data"/);
		expect(run.error?.description).toMatch(/binary fields are: scan/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
