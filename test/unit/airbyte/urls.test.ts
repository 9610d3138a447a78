import { deriveConfigApiRoot, normalizeBaseUrl } from '../../../lib/airbyte/urls';

describe('Config API root derivation', () => {
	it.each([
		['http://localhost:8000/api/public/v1', 'http://localhost:8000/api/v1'],
		['http://localhost:8000/api/public/v1/', 'http://localhost:8000/api/v1'],
		['https://airbyte.example.com/api/public/v1', 'https://airbyte.example.com/api/v1'],
		['https://proxy.example.com/airbyte/api/public/v1', 'https://proxy.example.com/airbyte/api/v1'],
		['https://api.airbyte.com/v1', 'https://cloud.airbyte.com/api/v1'],
		['https://api.airbyte.com/v1/', 'https://cloud.airbyte.com/api/v1'],
		['http://127.0.0.1:1234/v1', 'http://127.0.0.1:1234/api/v1'],
		['http://localhost:8000', 'http://localhost:8000/api/v1'],
	])('%s -> %s', (base, root) => {
		expect(deriveConfigApiRoot(base)).toBe(root);
	});

	it('completes a bare host to the public API root', () => {
		expect(normalizeBaseUrl(' http://localhost:8000/ ')).toBe('http://localhost:8000/api/public/v1');
		expect(normalizeBaseUrl('https://api.airbyte.com')).toBe('https://api.airbyte.com/v1');
	});

	it('rejects URLs that are not http(s) with a message naming the expected forms', () => {
		expect(() => normalizeBaseUrl('localhost:8000')).toThrow(/http/);
		expect(() => normalizeBaseUrl('not a url')).toThrow(/api\.airbyte\.com\/v1/);
		expect(() => normalizeBaseUrl('ftp://host/api/public/v1')).toThrow(/http:\/\/ or https:\/\//);
	});
});
