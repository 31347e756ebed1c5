const { src, dest } = require('gulp');

/** tsc does not copy the SVG icons next to the compiled nodes and credentials: this does. */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
