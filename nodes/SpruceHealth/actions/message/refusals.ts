import type { KnownRefusal } from '../../transport/errors';

/**
 * Spruce's refusals of a post (or of an attachment's upload) that the user can fix in the node,
 * with a hint in the node's own field names. Matched on Spruce's type or message, since Spruce
 * documents only the error shape, not the list of types. The first match wins.
 */
export const POST_REFUSALS: KnownRefusal[] = [
	{
		test: (type, message) => /read_?only/i.test(type) || /read[- ]?only/i.test(message),
		message: 'this conversation is read-only (Spruce takes no new messages in it)',
		hint: 'Pick another conversation in the Conversation field (the list marks read-only conversations and shows them last).',
	},
	{
		test: (_type, message) => /note conversation/i.test(message),
		message: 'this is a Note conversation, which takes team-only messages',
		hint: 'Turn on "Team Only (Internal Note)", or pick a conversation with the patient.',
	},
	{
		test: (_type, message) => /page/i.test(message) && /internal/i.test(message),
		message: 'page elements need "Team Only (Internal Note)" on',
		hint: 'Turn on "Team Only (Internal Note)", or remove the page elements.',
	},
	{
		test: (_type, message) => /\bauthor\b/i.test(message),
		message: 'Spruce does not know the teammate or team in Send As',
		hint: 'Pick Send As again from the list (the teammate may have left or been suspended), or leave it empty to send as the organization.',
	},
	{
		test: (_type, message) => /teammate or team|member/i.test(message),
		message: 'Spruce does not know the teammate or team to page',
		hint: 'In the Page element, pick the teammate or team again from the list (the teammate may have left or been suspended).',
	},
	{
		test: (type, message, status) => status === 413 || /too_?large/i.test(type) || /too large|exceeds/i.test(message),
		message: 'it is too large for Spruce',
		hint: 'Attach a smaller file (for example a compressed PDF or a smaller image) or shorten the message.',
	},
	{
		test: (_type, message) => /attachment ?id/i.test(message),
		message: 'Spruce does not know an attachment\'s media ID',
		hint: 'Check the Media ID under Attachments: it must come from a file uploaded to this Spruce organization. Or switch Source to "Binary File From Input".',
	},
	{
		test: (_type, message) => /archived/i.test(message),
		message: 'the conversation is archived',
		hint: 'Unarchive the conversation in Spruce, or turn off "Keep Conversation Archived" under Options.',
	},
	{
		test: (_type, message) => /idempotency/i.test(message),
		message: 'Spruce refused the Duplicate Protection Key',
		hint: 'Shorten the Duplicate Protection Key under Options (at most 255 characters), or leave it empty.',
	},
];
