'use strict';
// The benchmark's workflows, as n8n workflow JSON: Manual Trigger → Code (makes the items) → the
// node under test (our Spruce Health node, or n8n's HTTP Request node posting the same bodies).
// Every node under test is set to "On Error → Continue" so a failure is an item, not a stopped run.

const TARGET_NODE = 'Under test';
const CODE_NODE = 'Make items';
const SPRUCE_TYPE = 'n8n-nodes-spruce-health.spruceHealth';

/** The message text for item n, the same for every variant (the order check reads n back). */
const MESSAGE_TEXT = 'Reminder {n}: your appointment is tomorrow.';
const MESSAGE_N = /^Reminder (\d+):/;

/**
 * The Code node's JavaScript: `count` items, to distinct generated conversations, to one, or
 * round-robin over the first `conversations` generated ones.
 */
function itemsCode({ count, conversation, conversations }) {
	const target = conversation
		? JSON.stringify(conversation)
		: `'t_G' + String(${conversations ? `(i % ${conversations})` : 'i'} + 1).padStart(7, '0')`;
	return `return Array.from({ length: ${count} }, (_, i) => ({ json: { conversation: ${target}, n: i } }));`;
}

function spruceNode({ options = {}, credential, onError = 'continueRegularOutput' }) {
	return {
		parameters: {
			resource: 'message',
			operation: 'post',
			conversationId: { __rl: true, mode: 'id', value: '={{ $json.conversation }}' },
			bodyMode: 'text',
			text: `=${MESSAGE_TEXT.replace('{n}', '{{ $json.n }}')}`,
			options,
		},
		name: TARGET_NODE,
		type: SPRUCE_TYPE,
		typeVersion: 1,
		credentials: { spruceHealthApi: { id: credential.id, name: credential.name } },
		// n8n's own default ("Stop Workflow") is the absence of the setting.
		...(onError === 'stopWorkflow' ? {} : { onError }),
	};
}

/** n8n's HTTP Request node v4.2 doing what users do by hand: POST with a Bearer header and JSON body. */
function httpNode({ baseUrl, token, batching }) {
	const [before, after] = MESSAGE_TEXT.split('{n}');
	return {
		parameters: {
			method: 'POST',
			url: `={{ '${baseUrl}/conversations/' + $json.conversation + '/messages' }}`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ body: [{ type: 'text', value: ${JSON.stringify(before)} + $json.n + ${JSON.stringify(after)} }] }) }}`,
			options: batching ? { batching: { batch: { batchSize: batching.size, batchInterval: batching.intervalMs } } } : {},
		},
		name: TARGET_NODE,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		onError: 'continueRegularOutput',
	};
}

/** n8n's No Operation node: what n8n's engine costs for the items, with no node work at all. */
function noOpNode() {
	return { parameters: {}, name: TARGET_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1 };
}

/**
 * n8n's Edit Fields (Set) node v3.4 evaluating the two expressions our node evaluates per item
 * (the text and the conversation), output as fresh items: n8n's expression runtime without us.
 */
function setNode() {
	return {
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'text', name: 'text', type: 'string', value: `=${MESSAGE_TEXT.replace('{n}', '{{ $json.n }}')}` },
					{ id: 'conversation', name: 'conversation', type: 'string', value: '={{ $json.conversation }}' },
				],
			},
			includeOtherFields: false,
			options: {},
		},
		name: TARGET_NODE,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		onError: 'continueRegularOutput',
	};
}

/**
 * One benchmark workflow. `target` is { kind: 'spruce', options }, { kind: 'http', batching? },
 * or a baseline that sends nothing: { kind: 'noop' } or { kind: 'set' }.
 */
function benchWorkflow({ id, name, count, conversation, conversations, target, credential, baseUrl, token }) {
	const node =
		target.kind === 'spruce'
			? spruceNode({ options: target.options, credential, onError: target.onError })
			: target.kind === 'noop'
				? noOpNode()
				: target.kind === 'set'
					? setNode()
					: httpNode({ baseUrl, token, batching: target.batching });
	const nodes = [
		{
			parameters: {},
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
		},
		{
			parameters: { jsCode: itemsCode({ count, conversation, conversations }) },
			name: CODE_NODE,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
		},
		node,
	].map((n, i) => ({ id: `${id}-node-${i}`, position: [i * 220, 0], ...n }));
	return {
		id,
		name,
		active: false,
		nodes,
		connections: {
			Start: { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
			[CODE_NODE]: { main: [[{ node: TARGET_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The input items the Code node makes, for in-process runs through the harness. */
function inputItems({ count, conversation }) {
	return Array.from({ length: count }, (_, i) => ({
		json: { conversation: conversation ?? `t_G${String(i + 1).padStart(7, '0')}`, n: i },
	}));
}

/** Our node's parameters, for in-process runs (the same as in spruceNode). */
function spruceParameters(options = {}) {
	return {
		conversationId: { __rl: true, mode: 'id', value: '={{ $json.conversation }}' },
		bodyMode: 'text',
		text: `=${MESSAGE_TEXT.replace('{n}', '{{ $json.n }}')}`,
		options,
	};
}

/** n from a recorded message's text, or undefined. */
function messageNumber(message) {
	const text = message?.body?.[0]?.value;
	const m = typeof text === 'string' ? MESSAGE_N.exec(text) : null;
	return m ? Number(m[1]) : undefined;
}

module.exports = {
	TARGET_NODE,
	CODE_NODE,
	SPRUCE_TYPE,
	benchWorkflow,
	inputItems,
	spruceParameters,
	messageNumber,
};
