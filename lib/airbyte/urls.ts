// Base URLs: Cloud https://api.airbyte.com/v1, self-hosted http(s)://<host>/api/public/v1.
// The internal Config API lives at <host>/api/v1 (self-hosted) or https://cloud.airbyte.com/api/v1 (Cloud).

export const CLOUD_API_ROOT = 'https://api.airbyte.com/v1';
export const CLOUD_CONFIG_API_ROOT = 'https://cloud.airbyte.com/api/v1';
export const SELF_HOSTED_PUBLIC_PATH = '/api/public/v1';

/** Trims, drops trailing slashes, and completes a bare host to its public API root. */
export function normalizeBaseUrl(input: string): string {
	const raw = (input ?? '').trim();
	const url = URL.canParse(raw) ? new URL(raw) : undefined;
	if (!url) {
		throw new Error(
			`"${raw}" is not a valid Airbyte base URL. Use https://api.airbyte.com/v1 for Cloud or http://<host>:8000/api/public/v1 for self-hosted.`,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new Error(`The Airbyte base URL must start with http:// or https:// (got "${raw}").`);
	}
	let path = url.pathname.replace(/\/+$/, '');
	if (path === '') path = url.hostname === 'api.airbyte.com' ? '/v1' : SELF_HOSTED_PUBLIC_PATH;
	return `${url.protocol}//${url.host}${path}`;
}

export function isCloudBaseUrl(baseUrl: string): boolean {
	return new URL(normalizeBaseUrl(baseUrl)).hostname === 'api.airbyte.com';
}

/** The Config API root for a public API base URL (PyAirbyte's _infer_config_api_root, plus Cloud). */
export function deriveConfigApiRoot(baseUrl: string): string {
	const base = normalizeBaseUrl(baseUrl);
	if (isCloudBaseUrl(base)) return CLOUD_CONFIG_API_ROOT;
	if (base.endsWith(SELF_HOSTED_PUBLIC_PATH)) return base.slice(0, -SELF_HOSTED_PUBLIC_PATH.length) + '/api/v1';
	if (base.endsWith('/api/v1')) return base;
	if (base.endsWith('/v1')) return base.slice(0, -'/v1'.length) + '/api/v1';
	return `${base}/api/v1`;
}

export function joinUrl(root: string, path: string): string {
	return `${root.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
