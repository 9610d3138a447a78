// Opens an HTML file in Debian's Chromium through playwright-core; reports console errors, page errors and
// any network request, and saves screenshots.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
}

export interface PageReport {
	consoleErrors: string[];
	pageErrors: string[];
	requests: string[];
	scripts: number;
	pwned: boolean;
	textLength: number;
	overflowX: boolean;
	text: string;
}

export async function inspect(browser: Browser, html: string, screenshot: string, viewport: { width: number; height: number }): Promise<PageReport> {
	const page = await browser.newPage({ viewport });
	const report: PageReport = { consoleErrors: [], pageErrors: [], requests: [], scripts: 0, pwned: false, textLength: 0, overflowX: false, text: '' };
	page.on('console', (m) => {
		if (m.type() === 'error') report.consoleErrors.push(m.text());
	});
	page.on('pageerror', (e) => report.pageErrors.push(String(e)));
	page.on('request', (r) => {
		if (!r.url().startsWith('data:') && r.url() !== 'about:blank') report.requests.push(r.url());
	});
	await page.setContent(html, { waitUntil: 'load' });
	report.scripts = await page.locator('script').count();
	report.pwned = await page.evaluate(() => Boolean((window as unknown as { __pwned?: unknown }).__pwned));
	report.text = await page.evaluate(() => document.body.innerText + document.body.innerHTML.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
	report.textLength = report.text.length;
	report.overflowX = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
	await page.screenshot({ path: screenshot, fullPage: true });
	await page.screenshot({ path: screenshot.replace(/\.png$/, '-first-screen.png') });
	await page.close();
	return report;
}
