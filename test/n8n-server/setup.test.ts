/**
 * What `npm run n8n` sets up around n8n: the owner's password file that only its user can read, the cache
 * folder outside the repository, an install that counts only once finished, and an n8n that listens on
 * loopback alone and calls no one home.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cacheRoot, installOf, isInstalled } from '../../scripts/n8n/install';
import { newOwnerPassword, readPasswordFile, writePasswordFile } from '../../scripts/n8n/owner';
import { homeIn, n8nEnvironment } from '../../scripts/n8n/server';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'n8n-setup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the owner password', () => {
  it('is written readable by its owner alone, whatever the umask', () => {
    const file = path.join(dir, 'home', 'owner-password');
    const umask = process.umask(0);
    try {
      writePasswordFile(file, 'Secret-1234-A7');
    } finally {
      process.umask(umask);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readPasswordFile(file)).toBe('Secret-1234-A7');
  });

  it('replaces an earlier run’s file, and its looser mode with it', () => {
    const file = path.join(dir, 'owner-password');
    writeFileSync(file, 'old\n', { mode: 0o644 });
    writePasswordFile(file, 'New-Secret-99');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('New-Secret-99\n');
  });

  it('is new on every run and meets n8n’s rule (8–64 characters, a digit, a capital)', () => {
    const passwords = new Set(Array.from({ length: 20 }, newOwnerPassword));
    expect(passwords.size).toBe(20);
    for (const password of passwords) {
      expect(password.length).toBeGreaterThanOrEqual(8);
      expect(password.length).toBeLessThanOrEqual(64);
      expect(password).toMatch(/\d/);
      expect(password).toMatch(/[A-Z]/);
    }
  });
});

describe('the cache', () => {
  it('lives in XDG_CACHE_HOME, or ~/.cache, never in the repository', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: '/var/cache/ci' })).toBe(path.join('/var/cache/ci', 'zapier-connectors'));
    expect(cacheRoot({})).toMatch(/\.cache\/zapier-connectors$/);
    expect(cacheRoot({}).startsWith(path.resolve(__dirname, '../..'))).toBe(false);
  });

  it('counts an install only once it is finished: a folder an interrupted install left is not one', () => {
    const install = installOf(dir);
    mkdirSync(path.dirname(install.node), { recursive: true });
    mkdirSync(path.dirname(install.n8n), { recursive: true });
    writeFileSync(install.node, '');
    writeFileSync(install.n8n, '');
    expect(isInstalled(install)).toBe(false);
    writeFileSync(path.join(install.dir, 'install-complete.json'), '{}');
    expect(isInstalled(install)).toBe(true);
  });
});

describe("n8n's environment", () => {
  const env = n8nEnvironment(homeIn('/cache', '2.40.7'), { http: 5701, broker: 5702 }, { PATH: '/bin', HOME: '/root', N8N_ENCRYPTION_KEY: 'leak', AWS_SECRET_ACCESS_KEY: 'leak' });

  it('listens on loopback only, on the ports given, with its webhook URLs there', () => {
    expect(env).toMatchObject({
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_PORT: '5701',
      N8N_RUNNERS_BROKER_PORT: '5702',
      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
      N8N_WEBHOOK_URL: 'http://127.0.0.1:5701/',
      N8N_EDITOR_BASE_URL: 'http://127.0.0.1:5701/',
      N8N_USER_FOLDER: path.join('/cache', 'n8n-2.40.7-home'),
      N8N_SECURE_COOKIE: 'false',
    });
  });

  it('sends nothing to n8n’s servers and asks the owner no survey', () => {
    expect(env).toMatchObject({ N8N_DIAGNOSTICS_ENABLED: 'false', N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', N8N_TEMPLATES_ENABLED: 'false', N8N_PERSONALIZATION_ENABLED: 'false' });
  });

  it('inherits nothing of the caller’s environment but PATH and HOME', () => {
    expect(env.N8N_ENCRYPTION_KEY).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(env.PATH).toBe('/bin');
  });
});
