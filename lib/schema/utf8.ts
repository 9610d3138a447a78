// UTF-8 byte length without allocating (identifiers are measured thousands of times per plan).
export function utf8Length(s: string): number {
	let bytes = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}
