'use strict';
// Every n8n-workflow value the built dist/ uses exists in this n8n's own n8n-workflow, the copy a
// community node gets at run time. (`npm run test:n8n-api` checks the oldest and the newest
// supported lines at once; this file checks the line under test, before the slow tests.)

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const { n8nRuntime, resolveN8nVersion } = require('../lib/runtime');
const { distWorkflowImports, checkAgainstInstall, workflowImports } = require('../lib/workflow-api');
const { REPO_ROOT } = require('../lib/util');

const runtime = n8nRuntime(process.env.SPRUCE_E2E_N8N_VERSION || resolveN8nVersion());

test(`every n8n-workflow value dist/ uses is exported by n8n ${runtime.version}`, () => {
	const { uses, problems } = distWorkflowImports(path.join(REPO_ROOT, 'dist'));
	assert.deepEqual(problems, [], 'every use of n8n-workflow in dist/ can be read');
	assert.ok(uses.has('NodeApiError'), `the reader finds the node's imports (found ${[...uses.keys()]})`);
	const { missing, version } = checkAgainstInstall(runtime, [...uses.keys()]);
	const where = missing.map((name) => `${name} (dist/${uses.get(name).join(', dist/')})`);
	assert.deepEqual(where, [], `n8n-workflow ${version} of n8n ${runtime.version} lacks these`);
});

test('the check itself fails on an export this n8n does not have', () => {
	const compiled = 'const n8n_workflow_1 = require("n8n-workflow");\nawait (0, n8n_workflow_1.noSuchExport_e2e)(10);';
	const { names } = workflowImports(compiled);
	assert.deepEqual([...names], ['noSuchExport_e2e']);
	assert.deepEqual(checkAgainstInstall(runtime, [...names, 'sleep']).missing, ['noSuchExport_e2e']);
});
