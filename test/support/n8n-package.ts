// Our package the way users get it: `npm pack` of the built repo (files: ["dist"]), unpacked like n8n's
// community-package installer does into <userFolder>/.n8n/nodes/node_modules/<name>, so node types are
// `n8n-nodes-airbyte-onboarding.<name>` (a custom-extensions folder would give `CUSTOM.<name>`).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME_PREFIX = 'n8n-nodes-airbyte-onboarding';

export interface PackedPackage {
	name: string;
	version: string;
	/** The unpacked package directory (what lands in node_modules/<name>). */
	dir: string;
	tarball: string;
	files: string[];
	cleanup(): void;
}

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

/** A digest of what `npm pack` would put in the tarball: package.json and everything under dist/. */
function contentDigest(root: string): string {
	const hash = createHash('sha256');
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else hash.update(path.relative(root, full)).update('\0').update(readFileSync(full)).update('\0');
		}
	};
	hash.update(readFileSync(path.join(root, 'package.json')));
	if (existsSync(path.join(root, 'dist'))) walk(path.join(root, 'dist'));
	return hash.digest('hex').slice(0, 16);
}

function unpacked(work: string, files: string[]): PackedPackage {
	const dir = path.join(work, 'package');
	const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(path.join(dir, file)));
	if (missing.length > 0) throw new Error(`npm pack of ${pkg.name} lacks files its n8n field declares (run npm run build?): ${missing.join(', ')}`);
	return { name: pkg.name, version: pkg.version, dir, tarball: path.join(work, 'package.tgz'), files, cleanup: () => undefined };
}

/**
 * Packs `root` (default: this repo, which must be built: `npm run build`) and unpacks the tarball.
 * Fails when a file listed in package.json `n8n` is missing from the tarball (n8n would fail to load it).
 * The result is cached by content in the temp dir, so the e2e files of one run pack only once.
 */
export function packPackage(root = REPO_ROOT): PackedPackage {
	// `E2E_PACKAGE_ROOT=$(tools/private-build.sh x)` is empty when that build failed: never fall back silently.
	if (root === '') throw new Error('Empty package root (E2E_PACKAGE_ROOT=""): did tools/private-build.sh fail?');
	const cacheDir = path.join(tmpdir(), 'n8n-pack-cache');
	const work = path.join(cacheDir, contentDigest(root));
	if (existsSync(path.join(work, 'files.json'))) return unpacked(work, JSON.parse(readFileSync(path.join(work, 'files.json'), 'utf8')) as string[]);

	mkdirSync(cacheDir, { recursive: true });
	for (const old of readdirSync(cacheDir)) {
		const full = path.join(cacheDir, old);
		if (Date.now() - statSync(full).mtimeMs > 3_600_000) rmSync(full, { recursive: true, force: true });
	}
	const staging = mkdtempSync(path.join(cacheDir, 'staging-'));
	const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', staging], { cwd: root, encoding: 'utf8' });
	const [info] = JSON.parse(output) as Array<{ filename: string; files: Array<{ path: string }> }>;
	renameSync(path.join(staging, path.basename(info.filename)), path.join(staging, 'package.tgz'));
	execFileSync('tar', ['xzf', path.join(staging, 'package.tgz'), '-C', staging]);
	const files = info.files.map((f) => f.path);
	writeFileSync(path.join(staging, 'files.json'), JSON.stringify(files));
	try {
		renameSync(staging, work);
	} catch {
		rmSync(staging, { recursive: true, force: true }); // another run packed the same content meanwhile
	}
	return unpacked(work, files);
}

/** Installs an unpacked package into an n8n user folder as n8n's community-package installer lays it out. */
export function installIntoUserFolder(userFolder: string, pkg: Pick<PackedPackage, 'name' | 'version' | 'dir'>): string {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	mkdirSync(path.dirname(target), { recursive: true });
	cpSync(pkg.dir, target, { recursive: true });
	// n8n strips dev/peer/optional dependencies before its own npm install; peers resolve to n8n's copies.
	const manifestFile = path.join(target, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
	const nodesManifest = path.join(nodesDir, 'package.json');
	const existing = existsSync(nodesManifest)
		? (JSON.parse(readFileSync(nodesManifest, 'utf8')) as { dependencies?: Record<string, string> })
		: { name: 'installed-nodes', private: true, dependencies: {} };
	existing.dependencies = { ...(existing.dependencies ?? {}), [pkg.name]: pkg.version };
	writeFileSync(nodesManifest, `${JSON.stringify(existing, null, 2)}\n`);
	return target;
}
