// Installs the runtimes tests use from a cache outside the repo (real n8n 2.41.1 + Node 24, node-llama-cpp
// with its CPU binary), so the first test run does not spend its timeouts on installs. Safe to run again.
import { ensureLlamaInstalled } from '../test/support/llm-install';
import { ensureN8nInstalled } from '../test/support/n8n-install';

async function main(): Promise<void> {
	const n8n = await ensureN8nInstalled();
	process.stdout.write(`n8n ${n8n.installedNow ? 'installed' : 'cached'} in ${n8n.dir}\n`);
	const llama = await ensureLlamaInstalled();
	process.stdout.write(`node-llama-cpp ready at ${llama}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
