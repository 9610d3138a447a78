import { existsSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** The workplace's shared/ folder (datasets, catalogs, specs, models): beside the repo, as CI lays it out. */
export const SHARED_DIR =
	[process.env.SHARED_DIR, path.join(REPO_ROOT, '../shared'), '/work/shared'].find(
		(dir): dir is string => !!dir && existsSync(path.join(dir, 'datasets')),
	) ?? path.join(REPO_ROOT, '../shared');

export const sharedPath = (...parts: string[]): string => path.join(SHARED_DIR, ...parts);
