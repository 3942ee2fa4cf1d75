/**
 * The Serebro AI OAuth flow as a developer runs it: `zapier-platform invoke auth start` against the
 * sandbox, the consent page in a real (headless) Chromium, a Location picked and Allow clicked, the
 * CLI storing the tokens in `.env`, and `zapier-platform invoke auth test` passing with them.
 * Deny must come back as a clear OAuth error and store nothing. A page on another origin that posts
 * the consent form from the user's browser must get no code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../scripts/n8n/server';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroHandle } from '../../sandbox/serebro';
import { connectorCheckout } from '../invoke/cli';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.join(ROOT, 'test-output', 'browser');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface AuthRun {
  dir: string;
  cli: Cli;
  url: URL;
  page: Page;
  port: number;
}

interface Cli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A copy of the connector a developer would have checked out: built dist/, its own `.env`. */
async function connectorCopy(sandbox: Sandbox): Promise<string> {
  // The lines `npm run sandbox` tells a developer to put in the connector's .env.
  const dir = await connectorCheckout('serebro', sandbox.services.serebro.env(sandbox.url));
  // The "browser" the CLI opens (through xdg-open and $BROWSER) records the URL for Playwright to visit.
  fs.writeFileSync(path.join(dir, 'open-browser.sh'), `#!/bin/sh\nprintf '%s\\n' "$1" >> "${path.join(dir, 'opened.txt')}"\n`, { mode: 0o755 });
  return dir;
}

/** Runs the CLI from the connector copy: no stdin (non-interactive, as in CI), no analytics, no update check. */
function zapierPlatform(dir: string, args: string[]): Cli {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    BROWSER: path.join(dir, 'open-browser.sh'),
    DISABLE_ZAPIER_ANALYTICS: '1',
    NO_UPDATE_NOTIFIER: '1',
    NODE_ENV: 'production',
  };
  // No desktop: xdg-open must fall back to $BROWSER rather than start a real browser.
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'DESKTOP_SESSION', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID']) delete env[name];
  const child = spawn('zapier-platform', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (signal) output += `\n[zapier-platform ended by ${signal}]`;
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

/** The URL the CLI opened in "the browser", or a clear failure with what the CLI printed. */
async function openedUrl(dir: string, cli: Cli, timeoutMs = 45_000): Promise<string> {
  const file = path.join(dir, 'opened.txt');
  let exited = false;
  void cli.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // The file exists as soon as the shell opens it for appending: wait for the whole line.
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text.includes('\n')) return text.split('\n')[0].trim();
    if (exited) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `zapier-platform invoke auth start opened no authorize URL${exited ? ` (it exited with code ${String(cli.child.exitCode)})` : ''}. It printed:\n${cli.output()}`,
  );
}

function authDataOf(dir: string): Record<string, string> {
  const authData: Record<string, string> = {};
  for (const line of fs.readFileSync(path.join(dir, '.env'), 'utf8').split('\n')) {
    const match = /^authData_([A-Za-z0-9_]+)='(.*)'$/.exec(line.trim());
    if (match) authData[match[1]] = match[2];
  }
  return authData;
}

async function runToEnd(cli: Cli): Promise<{ code: number | null; output: string }> {
  const code = await cli.exited;
  return { code, output: cli.output() };
}

describe('Serebro AI OAuth in a real browser (zapier-platform invoke auth start)', () => {
  let sandbox: Sandbox;
  let browser: BrowserContext;
  let profile: string;
  const dirs: string[] = [];
  const clis: Cli[] = [];
  /** Two `auth start` runs, started together: the CLI takes seconds to boot. */
  let allowRun: Promise<AuthRun>;
  let denyRun: Promise<AuthRun>;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: this test drives Debian's chromium and never downloads a browser. ` +
          'Install it with `apt-get install -y chromium` (.ci/run does this in CI).',
      );
    }
    fs.mkdirSync(OUTPUT, { recursive: true });
    sandbox = await startSandbox({ autoApprove: false });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 820 },
    });
    allowRun = startAuth();
    denyRun = startAuth();
    // Both waits settle here, so that a failure is reported by the test it belongs to.
    await Promise.allSettled([allowRun, denyRun]);
  }, 90_000);

  afterAll(async () => {
    for (const cli of clis) if (cli.child.exitCode === null) cli.child.kill('SIGTERM');
    await browser?.close();
    await sandbox?.close();
    for (const dir of [...dirs, profile]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startAuth(): Promise<AuthRun> {
    const dir = await connectorCopy(sandbox);
    dirs.push(dir);
    const port = await freePort();
    const cli = zapierPlatform(dir, ['invoke', 'auth', 'start', '--redirect-uri', `http://127.0.0.1:${port}/oauth/return`, '--local-port', String(port)]);
    clis.push(cli);
    const url = new URL(await openedUrl(dir, cli));
    const page = await browser.newPage();
    await page.goto(url.toString());
    return { dir, cli, url, page, port };
  }

  it('Allow: the CLI exchanges the code, stores working tokens, and `invoke auth test` passes', async () => {
    const { dir, cli, url, page, port } = await allowRun;
    // What the connector asked for: the sandbox's client, a state, every scope it needs, no secret.
    expect(url.pathname).toBe('/serebro/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe(sandbox.env.CLIENT_ID);
    expect(url.searchParams.get('state')).toMatch(/^[0-9a-f]{40}$/);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['contacts:write', 'workflows:write', 'webhooks:write']));
    expect(url.toString()).not.toContain(sandbox.env.CLIENT_SECRET);

    expect(await page.locator('h1').innerText()).toContain('wants to access your Serebro AI account');
    const choices = page.locator('input[type="radio"][name="location"]');
    expect(await choices.count()).toBeGreaterThanOrEqual(2);
    // The second Location, so the stored token is shown to follow the user's choice, not a default.
    const chosen = choices.nth(1);
    const locationId = await chosen.getAttribute('value');
    const label = page.locator('label', { has: page.locator(`input[value="${locationId}"]`) });
    const locationName = (await label.innerText()).replace(/\s*Location\s*$/, '').trim();
    await chosen.check();
    await page.screenshot({ path: path.join(OUTPUT, 'serebro-consent.png'), fullPage: true });

    await page.click('#allow');
    await page.waitForURL((current) => current.port === String(port));
    expect(new URL(page.url()).searchParams.get('state')).toBe(url.searchParams.get('state'));
    expect(await page.locator('body').innerText()).toContain('Parameter `code` received successfully');
    const finished = await runToEnd(cli);
    expect(finished).toEqual({ code: 0, output: expect.stringContaining('Auth data appended to .env file') });

    const authData = authDataOf(dir);
    expect(authData.access_token).toMatch(/^sat_/);
    expect(authData.refresh_token).toMatch(/^srt_/);
    expect(authData.user_type).toBe('Location');
    expect(authData.location_id).toBe(locationId);
    // The stored access token works against the API itself.
    const me = await fetch(`${sandbox.url}/serebro/v2/me`, { headers: { authorization: `Bearer ${authData.access_token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { location: { id: string } }).location.id).toBe(locationId);

    const tested = await runToEnd(zapierPlatform(dir, ['invoke', 'auth', 'test']));
    expect(tested.code).toBe(0);
    const result = JSON.parse(tested.output.slice(tested.output.indexOf('{'), tested.output.lastIndexOf('}') + 1)) as {
      location: { id: string; name: string };
      user: { email: string };
    };
    expect(result.location).toEqual({ id: locationId, name: locationName });
    const seededUser = sandbox.services.serebro.credentials.user as { email: string };
    expect(result.user.email).toBe(seededUser.email);
    await page.close();
  }, 90_000);

  it('Deny: the browser comes back with access_denied and the CLI stores no token', async () => {
    const { dir, cli, url, page, port } = await denyRun;
    await page.click('#deny');
    await page.waitForURL((current) => current.port === String(port));
    const returned = new URL(page.url());
    expect(returned.searchParams.get('error')).toBe('access_denied');
    expect(returned.searchParams.get('error_description')).toBe('The user denied access');
    expect(returned.searchParams.get('state')).toBe(url.searchParams.get('state'));
    expect(returned.searchParams.has('code')).toBe(false);
    // The CLI's callback refuses a return without a code, says so, and keeps waiting for one.
    expect(await page.locator('body').innerText()).toContain('Did not receive `code` query parameter');
    expect(authDataOf(dir)).toEqual({});
    expect(cli.child.exitCode).toBeNull();
    cli.child.kill('SIGTERM');
    await cli.exited;
    expect(authDataOf(dir)).toEqual({});
    await page.close();
  }, 30_000);

  it('Cross-site: a form on another origin that posts Allow from the browser gets 403 and no code', async () => {
    const handle = serebroHandle(sandbox.services);
    const fields: Record<string, string> = {
      response_type: 'code',
      client_id: handle.credentials.clientId,
      redirect_uri: 'http://127.0.0.1:9/attacker',
      state: 'attacker',
      scope: handle.credentials.scopes.join(' '),
      location: handle.store.company.id,
      decision: 'allow',
    };
    // Worst case: the attacker even holds a genuine token for its request (the browser's Origin must still refuse it).
    const consent = await fetch(`${sandbox.url}/serebro/oauth/authorize?${new URLSearchParams(fields).toString()}`);
    const token = /name="csrf_token" value="([^"]+)"/.exec(await consent.text())?.[1];
    expect(token).toBeTruthy();

    const attackerPage = (withToken: boolean) =>
      `<!DOCTYPE html><html><body><form id="f" method="post" action="${sandbox.url}/serebro/oauth/authorize">` +
      Object.entries({ ...fields, ...(withToken ? { csrf_token: token as string } : {}) })
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
        .join('') +
      '</form><script>document.getElementById("f").submit()</script></body></html>';
    const attacker: Server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage(request.url === '/with-token'));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as net.AddressInfo).port}`;
    const codesBefore = handle.store.codes.size;
    const page = await browser.newPage();
    try {
      for (const path of ['/without-token', '/with-token']) {
        const answer = page.waitForResponse(
          (response) => response.url().startsWith(`${sandbox.url}/serebro/oauth/authorize`) && response.request().method() === 'POST',
          { timeout: 10_000 },
        );
        await page.goto(`${attackerOrigin}${path}`);
        const response = await answer;
        expect(response.status()).toBe(403);
        expect(response.request().headers().origin).toBe(attackerOrigin);
        expect(response.headers().location).toBeUndefined();
        expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('posted from another site') } });
      }
      expect(handle.store.codes.size).toBe(codesBefore);
    } finally {
      await page.close();
      attacker.closeAllConnections();
      await new Promise((resolve) => attacker.close(resolve));
    }
  }, 30_000);
});
