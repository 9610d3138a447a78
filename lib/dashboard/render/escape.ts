// Every data string goes through these before it reaches HTML or SVG markup.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Control characters other than tab and newlines are invalid in HTML and XML. */
function isAllowedChar(ch: string): boolean {
	const code = ch.charCodeAt(0);
	return (code >= 32 && code !== 127) || ch === '\t' || ch === '\n' || ch === '\r';
}

export function esc(value: unknown): string {
	const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
	let out = '';
	for (const ch of text) if (isAllowedChar(ch)) out += ENTITIES[ch] ?? ch;
	return out;
}

/** An SVG document as an <img> data URI: scripts inside it never run, and no request is made. */
export function svgDataUri(svg: string): string {
	return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
