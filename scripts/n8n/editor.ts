/**
 * n8n's editor in a real browser (Debian's chromium, driven by playwright-core; no browser is ever downloaded):
 * sign in as the owner, open an imported workflow and keep a screenshot of it, then search the node panel for
 * each package's node, as a user looking for them does.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface EditorCheck {
  screenshot: string;
  /** For each node name searched for, what the node panel listed. */
  panel: Record<string, string[]>;
}

export async function checkEditor(options: {
  url: string;
  email: string;
  password: string;
  workflowId: string;
  screenshot: string;
  /** Node names (as the panel shows them) to search for. */
  nodes: string[];
}): Promise<EditorCheck> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium); no browser is downloaded`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(30_000);
    await page.goto(`${options.url}/signin`);
    await page.locator('input[type="email"], input[name="email"], input[autocomplete="email"]').first().fill(options.email);
    await page.locator('input[type="password"]').first().fill(options.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

    await page.goto(`${options.url}/workflow/${options.workflowId}`);
    await page.locator('[data-test-id="canvas-node"]').first().waitFor();
    await dismissPopups(page);
    await page.waitForTimeout(1_000);
    mkdirSync(path.dirname(options.screenshot), { recursive: true });
    await page.screenshot({ path: options.screenshot });

    const panel: Record<string, string[]> = {};
    for (const node of options.nodes) panel[node] = await searchNodePanel(page, node);
    return { screenshot: options.screenshot, panel };
  } finally {
    await browser.close();
  }
}

/** Closes what n8n may show over the canvas on a first visit (notices, tours). */
async function dismissPopups(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

/** Opens the node panel, types `name` into its search and reads the names it lists; closes the panel again. */
async function searchNodePanel(page: Page, name: string): Promise<string[]> {
  await page.locator('[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]').first().click();
  const search = page.locator('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]').first();
  await search.waitFor();
  await search.pressSequentially(name, { delay: 30 });
  const items = page.locator('[data-test-id="node-creator-item-name"]');
  // The list filters as the user types: wait for the node, or give up and report what is listed.
  await items.filter({ hasText: name }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  const names = (await items.allInnerTexts()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  await page.locator('[data-test-id="node-creator"]').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  return names;
}
