// Installs node-llama-cpp 3.21.1 with only its prebuilt CPU binary for linux-x64 once into a cache outside the
// repo (like n8n): a plain devDependency would pull 732 MB of CUDA/Vulkan/other-arch optional binaries, and the
// `overrides` that avoid that are forbidden in a community-node package.json.
//   <cache>/node-llama-cpp-3.21.1/{package.json, node_modules/node-llama-cpp, node_modules/@node-llama-cpp/linux-x64, .installed}
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { cacheRoot, withLock } from './n8n-install';

export const LLAMA_VERSION = '3.21.1';
const PACKAGES = [`node-llama-cpp@${LLAMA_VERSION}`, `@node-llama-cpp/linux-x64@${LLAMA_VERSION}`];

function llamaDir(): string {
	return path.join(cacheRoot(), `node-llama-cpp-${LLAMA_VERSION}`);
}

function entry(dir: string): string {
	return path.join(dir, 'node_modules', 'node-llama-cpp', 'dist', 'index.js');
}

function npmInstall(dir: string): Promise<void> {
	const logFile = path.join(dir, 'install.log');
	const out = openSync(logFile, 'a');
	const args = ['install', '--ignore-scripts', '--omit=optional', '--no-audit', '--no-fund', ...PACKAGES];
	const child = spawn('npm', args, { cwd: dir, stdio: ['ignore', out, out] });
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => {
			closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`npm install of node-llama-cpp failed with code ${code}; see ${logFile}`));
		});
	});
}

/** The file URL of node-llama-cpp's ESM entry, installing it into the cache first when missing. */
export async function ensureLlamaInstalled(): Promise<string> {
	const dir = llamaDir();
	const marker = path.join(dir, '.installed');
	const ready = () => existsSync(marker) && existsSync(entry(dir)) && existsSync(path.join(dir, 'node_modules', '@node-llama-cpp', 'linux-x64'));
	if (!ready()) {
		mkdirSync(dir, { recursive: true });
		await withLock(path.join(cacheRoot(), `node-llama-cpp-${LLAMA_VERSION}.lock`), async () => {
			if (ready()) return;
			if (!existsSync(path.join(dir, 'package.json'))) {
				writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'llama-runtime-cache', private: true })}\n`);
			}
			await npmInstall(dir);
			if (!existsSync(entry(dir))) throw new Error(`node-llama-cpp is missing in ${dir} after npm install`);
			writeFileSync(marker, `${new Date().toISOString()}\n`);
		});
	}
	return pathToFileURL(entry(dir)).href;
}
