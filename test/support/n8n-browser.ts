// Real browser for the n8n editor: playwright-core driving Debian's chromium (never a downloaded browser),
// headless, no sandbox, no background networking, a fresh profile per launch.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { REPO_ROOT } from './n8n-package';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'artifacts');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
	const found = [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].find((p): p is string => !!p && existsSync(p));
	if (!found) throw new Error('Debian chromium is missing: apt-get update && apt-get install -y chromium (.ci/run does this)');
	return found;
}

export interface EditorBrowser {
	context: BrowserContext;
	page: Page;
	/** Browser console errors and failed requests seen so far. */
	problems: string[];
	close(): Promise<void>;
}

export async function launchBrowser(): Promise<EditorBrowser> {
	const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath(),
		headless: true,
		viewport: { width: 1400, height: 900 },
		args: [
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-gpu',
			'--no-first-run',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	const page = context.pages()[0] ?? (await context.newPage());
	// The editor bundle is large and the machine may be busy: be patient, never flaky.
	page.setDefaultTimeout(180_000);
	page.setDefaultNavigationTimeout(180_000);
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(`console: ${message.text()}`);
	});
	page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
	return {
		context,
		page,
		problems,
		close: async () => {
			await context.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Signs in through the editor's own form (not a cookie shortcut). */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="emailOrLdapLoginId"] input, input[name="emailOrLdapLoginId"]').first().fill(email);
	await page.locator('[data-test-id="password"] input, input[name="password"]').first().fill(password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.includes('/signin'));
}

/** Opens a workflow in the editor and waits until its canvas has drawn every node. */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string, nodeCount: number): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, nodeCount);
}

export function canvasNode(page: Page, nodeName: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName.replace(/"/g, '\\"')}"]`);
}

export interface DrawnNode {
	type: string | null;
	label: string;
	/** The node icon image, when the icon is a file (our SVGs are served from /icons/<package>/...). */
	iconSrc: string | null;
	/** Natural size of the loaded icon (0 when the image failed to load). */
	iconWidth: number;
}

/** What the canvas actually drew for a node: its type, visible label and icon. */
export async function describeDrawnNode(page: Page, nodeName: string): Promise<DrawnNode> {
	const node = canvasNode(page, nodeName);
	await node.waitFor({ state: 'visible' });
	const icon = node.locator('img').first();
	await icon.waitFor({ state: 'attached' }).catch(() => undefined);
	await page
		.waitForFunction((el) => !el || (el as HTMLImageElement).complete, await icon.elementHandle().catch(() => null))
		.catch(() => undefined);
	const iconInfo = (await icon.count())
		? await icon.evaluate((img) => ({ src: (img as HTMLImageElement).getAttribute('src'), width: (img as HTMLImageElement).naturalWidth }))
		: { src: null, width: 0 };
	// The label sits next to the node box in the same Vue Flow node wrapper.
	const label = await node.locator('xpath=ancestor::*[contains(@class,"vue-flow__node")][1]').innerText();
	return { type: await node.getAttribute('data-node-type'), label, iconSrc: iconInfo.src, iconWidth: iconInfo.width };
}

/** Closes popovers that would cover the canvas in a screenshot, then fits the view (best effort, quick). */
export async function tidyCanvas(page: Page): Promise<void> {
	const quick = { timeout: 2_000 };
	const closers = page.locator('[data-test-id*="checklist"] button[aria-label*="lose"], [role="dialog"] button[aria-label*="lose"]');
	for (const button of await closers.all()) {
		if (await button.isVisible()) await button.click(quick).catch(() => undefined);
	}
	await page.keyboard.press('Escape').catch(() => undefined);
	const fit = page.locator('[data-test-id="zoom-to-fit"]');
	if ((await fit.count()) > 0 && (await fit.first().isVisible())) await fit.first().click(quick).catch(() => undefined);
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const file = path.join(ARTIFACTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}
