/**
 * The operation registry's type contract. `npm test` compiles this file with tsc before jest runs
 * it: each `@ts-expect-error` below must stay an error, or the build fails.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { operation, type PreparedItem } from '../../../../nodes/SpruceHealth/actions/node.type';
import { findOperation, operations } from '../../../../nodes/SpruceHealth/actions/operations';
import { nodeType } from '../../../support';

interface Checked extends PreparedItem {
	conversationId: string;
}

const done = async (): Promise<INodeExecutionData[]> => [];

describe('operation registry', () => {
	test('a prepare result that does not fit execute fails tsc; a fitting one compiles', () => {
		const fits = operation({
			description: [],
			prepare: async (): Promise<Checked> => ({ conversationId: 't_1' }),
			execute: async function (this: IExecuteFunctions, _i: number, item: Checked) {
				return [{ json: { id: item.conversationId } }];
			},
		});
		// An operation file whose execute needs a conversationId that its prepare never returns:
		const misfitFile = {
			description: [],
			prepare: async (): Promise<PreparedItem> => ({}),
			execute: async (_i: number, item: Checked) => [{ json: { id: item.conversationId } }],
		};
		// @ts-expect-error prepare's result does not fit execute
		const misfit = operation(misfitFile);
		// @ts-expect-error a read (no prepare) cannot take a prepared item
		const readTakingPrepared = operation({ description: [], execute: async (_i: number, _p: Checked) => await done() });
		expect([fits, misfit, readTakingPrepared].every((op) => typeof op.check === 'function')).toBe(true);
	});

	test('lookup by the names saved in workflows; unknown and inherited names are not operations', () => {
		expect(findOperation('message', 'post')).toBe(operations.message.post);
		expect(findOperation('message', 'toString')).toBeUndefined();
		expect(findOperation('__proto__', 'post')).toBeUndefined();
		expect(findOperation('message', 'nope')).toBeUndefined();
	});
});

describe('the node description and the registry agree', () => {
	const { properties } = nodeType.description;
	const resources = properties.find((p) => p.name === 'resource')!.options as Array<{ value: string }>;

	test('every resource and operation in the editor has its operation file, and nothing else is registered', () => {
		const shown: Record<string, string[]> = {};
		for (const { value: resource } of resources) {
			const picker = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
			shown[resource] = ((picker?.options ?? []) as Array<{ value: string }>).map((o) => o.value).sort();
			for (const name of shown[resource]) expect(findOperation(resource, name)).toBeDefined();
		}
		const registered = Object.fromEntries(Object.entries(operations).map(([r, ops]) => [r, Object.keys(ops).sort()]));
		expect(shown).toEqual(registered);
	});

	test('saved workflows of the first version (no resource, no operation) still mean Message → Post', () => {
		expect(properties.find((p) => p.name === 'resource')!.default).toBe('message');
		const messageOps = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('message'));
		expect(messageOps!.default).toBe('post');
	});

	test("Post Message's parameter names are unchanged (a public contract)", () => {
		const post = properties.filter((p) => p.displayOptions?.show?.operation?.includes('post') && p.type !== 'notice');
		// Version 1's names, plus the Saved Message body mode's (added, never renamed).
		expect(post.map((p) => p.name).sort()).toEqual(
			[
				'attachments',
				'author',
				'bodyElements',
				'bodyJson',
				'bodyMode',
				'conversationId',
				'internal',
				'options',
				'text',
				'savedMessageId',
				'placeholders',
			].sort(),
		);
		const options = post.find((p) => p.name === 'options')!.options as Array<{ name: string }>;
		expect(options.map((o) => o.name)).toEqual(
			expect.arrayContaining(['idempotencyKey', 'stayArchived', 'concurrency', 'retry', 'maxAttempts', 'timeout']),
		);
	});
});
