import { runDemo } from '../scripts/demo';
import { startSandbox } from './support';

test('the demo workflow (npm run demo): EHR record → upsert → SMS → conversation → note delivered', async () => {
	const sandbox = await startSandbox({ deliveryDelayMs: 300 });
	try {
		const result = await runDemo(sandbox);
		expect(result.error).toBeUndefined();
		const [contact] = result.output('Create or update patient');
		expect(contact.json).toMatchObject({ displayName: 'Theresa Webb', created: true });
		const [note] = result.output('Note for the nurse');
		expect(note.json).toMatchObject({ delivered: true, internal: true, isInternalNote: true });
		const ledger = sandbox.ledger();
		expect(ledger.sent.map((s) => s.destination)).toEqual([{ smsOrEmailEndpoint: '+15557771234' }]);
		expect(ledger.messages[0].conversationId).toBe(ledger.sent[0].conversationId);
	} finally {
		await sandbox.close();
	}
});
