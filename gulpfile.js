// Copies the non-TypeScript files the package ships into dist/: node and credential icons
// (light and dark SVG), codex files (<Node>.node.json) and the workflow templates.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg', 'icons/**/*.svg'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

function copyTemplates() {
	return src('workflows/*.json', { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

exports.build = parallel(copyIcons, copyCodex, copyTemplates);
exports.default = exports.build;
