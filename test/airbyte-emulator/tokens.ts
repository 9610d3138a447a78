// Application tokens: HMAC-signed JWTs with `exp`, like Airbyte's; expiry and a global revocation epoch.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export class TokenIssuer {
	private readonly secret = randomBytes(32);
	private epoch = 0;

	constructor(public expiresInSeconds: number) {}

	issue(subject: string, expiresInSeconds = this.expiresInSeconds): { token: string; expiresIn: number } {
		const now = Math.floor(Date.now() / 1000);
		const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: subject, iat: now, exp: now + expiresInSeconds, jti: randomUUID(), ep: this.epoch, iss: 'airbyte-emulator' })}`;
		return { token: `${body}.${createHmac('sha256', this.secret).update(body).digest('base64url')}`, expiresIn: expiresInSeconds };
	}

	/** The subject of a valid token, or undefined (bad signature, expired, revoked). */
	verify(token: string): string | undefined {
		const [h, p, sig] = token.split('.');
		if (!h || !p || !sig) return undefined;
		if (createHmac('sha256', this.secret).update(`${h}.${p}`).digest('base64url') !== sig) return undefined;
		const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { sub: string; exp: number; ep: number };
		if (payload.ep !== this.epoch || payload.exp * 1000 <= Date.now()) return undefined;
		return payload.sub;
	}

	revokeAll(): void {
		this.epoch++;
	}
}
