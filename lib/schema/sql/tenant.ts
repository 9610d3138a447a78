// Per-tenant names shared by provisioning, migrations and transforms.
import { createHash } from 'crypto';
import { fitIdentifier } from '../names';

export interface TenantRoles {
	owner: string;
	readWrite: string;
}

export function tenantRoles(schema: string): TenantRoles {
	return { owner: fitIdentifier(`${schema}_owner`), readWrite: fitIdentifier(`${schema}_rw`) };
}

/** A stable bigint advisory-lock key per tenant schema (first 8 bytes of sha256, signed). */
export function tenantLockKey(schema: string): string {
	const digest = createHash('sha256').update(`n8n-nodes-airbyte-onboarding:${schema}`, 'utf8').digest();
	let v = 0n;
	for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(digest[i]);
	if (v >= 1n << 63n) v -= 1n << 64n;
	return v.toString();
}
