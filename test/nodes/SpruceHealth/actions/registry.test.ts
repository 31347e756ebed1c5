/**
 * The operation registry's type contract. `npm test` compiles this file with tsc before jest runs
 * it: each `@ts-expect-error` below must stay an error, or the build fails.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { operation, type PreparedItem } from '../../../../nodes/SpruceHealth/actions/node.type';
import { findOperation, operations } from '../../../../nodes/SpruceHealth/actions/operations';

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
