export function javaStringHashCode(s: string): number {
	let h = 0;
	for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
	return h;
}
export function toPostgresCompatibleName(name: string): string {
	void name;
	throw new Error('being implemented');
}
export function tempTableName(namespace: string, name: string): string {
	void namespace;
	void name;
	throw new Error('being implemented');
}
