import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation Item → Get Transcription', () => {
	test("a voicemail's transcription text and summary", async () => {
		const run = await runOperation(sandbox, 'conversationItem', 'getTranscription', { conversationItemId: locator('ti_0004') });
		expect(run.items).toEqual([
			{
				json: {
					conversationItemId: 'ti_0004',
					recording: 'voicemail.mp3',
					transcriptionId: 'tr_0004',
					id: 'tr_0004',
					status: 'completed',
					text: 'Hi, this is Jane Cooper calling about my prescription refill.',
					summarization: { status: 'completed', text: 'Jane Cooper asks for a prescription refill.' },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('an item without a recording says so', async () => {
		const run = await runOperation(sandbox, 'conversationItem', 'getTranscription', { conversationItemId: locator('ti_0002') });
		expect(run.items[0].json).toEqual({ conversationItemId: 'ti_0002', transcriptionId: null, status: 'none', text: '' });
	});
});
