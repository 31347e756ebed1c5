'use strict';
// The example workflows in examples/ reference their Spruce credential by a placeholder id; the
// importer puts in the id and name of a credential that exists in the target n8n.

const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./util');

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const CREDENTIAL_TYPE = 'spruceHealthApi';
const CREDENTIAL_PLACEHOLDER = 'REPLACE_WITH_YOUR_SPRUCE_CREDENTIAL_ID';
const NODE_TYPE = 'n8n-nodes-spruce-health.spruceHealth';
const TRIGGER_NODE_TYPE = 'n8n-nodes-spruce-health.spruceHealthTrigger';

/** The sandbox credential, in `n8n import:credentials` form (plain data; n8n encrypts it). */
function sandboxCredential({ id = 'spruceSandboxCred', name = 'Spruce sandbox', baseUrl, token }) {
	return { id, name, type: CREDENTIAL_TYPE, data: { authMethod: 'apiToken', apiToken: token, baseUrl } };
}

/** Every examples/*.json, as { file, workflow }. */
function loadExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

/** A copy of `workflow` whose Spruce nodes use `credential` (an { id, name }). */
function withCredential(workflow, credential) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		const ref = node.credentials?.[CREDENTIAL_TYPE];
		if (ref && (ref.id === CREDENTIAL_PLACEHOLDER || !ref.id)) {
			node.credentials[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
		}
	}
	return copy;
}

module.exports = {
	EXAMPLES_DIR,
	CREDENTIAL_TYPE,
	CREDENTIAL_PLACEHOLDER,
	NODE_TYPE,
	TRIGGER_NODE_TYPE,
	sandboxCredential,
	loadExamples,
	withCredential,
};
