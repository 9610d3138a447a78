// Our package the way users get it: `npm pack` of the built repo (files: ["dist"]), unpacked like n8n's
// community-package installer does into <userFolder>/.n8n/nodes/node_modules/<name>, so node types are
// `n8n-nodes-airbyte-onboarding.<name>` (a custom-extensions folder would give `CUSTOM.<name>`).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Packs `root` (default: this repo, which must be built: `npm run build`) and unpacks the tarball.
 * Fails when a file listed in package.json `n8n` is missing from the tarball (n8n would fail to load it).
 */
export function packPackage(root = REPO_ROOT): PackedPackage {
	const work = mkdtempSync(path.join(tmpdir(), 'n8n-pack-'));
	const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
	const [info] = JSON.parse(output) as Array<{ filename: string; name: string; version: string; files: Array<{ path: string }> }>;
	const tarball = path.join(work, path.basename(info.filename));
	execFileSync('tar', ['xzf', tarball, '-C', work]);
	const dir = path.join(work, 'package');
	const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(path.join(dir, file)));
	if (missing.length > 0) throw new Error(`npm pack of ${pkg.name} lacks files its n8n field declares (run npm run build?): ${missing.join(', ')}`);
	return {
		name: pkg.name,
		version: pkg.version,
		dir,
		tarball,
		files: info.files.map((f) => f.path),
		cleanup: () => rmSync(work, { recursive: true, force: true }),
	};
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
