const { src, dest } = require('gulp');

/**
 * tsc does not copy the SVG icons, nor a node's codex (`X.node.json`: category, aliases, the
 * "Docs" link), next to the compiled nodes and credentials: this does. n8n reads the codex from
 * beside `X.node.js`.
 */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyIcons;
