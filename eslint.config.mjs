// Lint with the rules n8n applies to community packages: eslint-plugin-n8n-nodes-base's
// community, credentials and nodes rule sets, and @n8n/eslint-plugin-community-nodes'
// recommended rules (what n8n's verification scanner runs).
import n8nCommunityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', '.e2e/**'] },
	{
		// Parsed as n8n's scanner parses it (the TypeScript parser reads JSON as an expression), so
		// the community rules on package.json (author, peer dependencies, overrides …) really run.
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.community.rules,
		},
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// That rule wants an n8n docs slug; community credentials link a full URL, which
			// @n8n/community-nodes/credential-documentation-url (the scanner's rule) requires.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two want the string 'main'; the scanner's newer rule
			// (@n8n/community-nodes/node-connection-type-literal) wants NodeConnectionTypes.Main.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'],
		plugins: n8nCommunityNodes.configs.recommended.plugins,
		rules: n8nCommunityNodes.configs.recommended.rules,
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		plugins: { '@typescript-eslint': tseslint.plugin },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
];
