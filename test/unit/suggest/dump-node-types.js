// Prints the descriptions of real n8n-nodes-base node types as JSON (run with plain node: some of their
// dependencies are ES modules that jest's CommonJS runtime cannot load).
const { join } = require('path');
const [base, ...pairs] = process.argv.slice(2);
const out = {};
for (const pair of pairs) {
	const [type, file] = pair.split('=');
	const mod = require(join(base, file));
	const Ctor = Object.values(mod).find((v) => typeof v === 'function');
	const node = new Ctor();
	const versions = {};
	if (node.nodeVersions) {
		for (const [v, impl] of Object.entries(node.nodeVersions)) versions[v] = impl.description;
	} else {
		for (const v of [].concat(node.description.version)) versions[v] = node.description;
	}
	out[type] = { defaultVersion: node.description.defaultVersion, versions };
}
process.stdout.write(JSON.stringify(out, (k, v) => (typeof v === 'function' ? undefined : v)));
