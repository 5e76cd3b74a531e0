// The session around the loopback gateway, with the gateway faked: what it is started with,
// what the session file holds (and does not), the state directory's lifecycle. The real gateway
// runs in commands/local.int.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import type { LocalGateway, StartLocalGatewayOptions } from '@cagw/local-gateway';
import { expect, test } from 'vitest';
import { readLocalSecrets } from './local-secrets.ts';
import { readRunningSession, sessionFilePath } from './session-file.ts';
import { readSignInCodeFile } from './sign-in-code-file.ts';
import { startLocalSession, type LocalSessionOptions } from './start-local-session.ts';

const profile = fileURLToPath(new URL('../../../../profiles/local.env', import.meta.url));
const { settings } = loadSettingsOrThrow({ profilePath: profile, env: {} });
const users = [{ email: 'alice@example.com', name: 'Alice', groups: ['engineering'] }, { email: 'zed@elsewhere.org', name: 'Zed', groups: [] }];

function fakeGateway() {
  const started: StartLocalGatewayOptions[] = [];
  let stops = 0;
  const start = async (options: StartLocalGatewayOptions): Promise<LocalGateway> => {
    started.push(options);
    return {
      url: `http://127.0.0.1:${options.port}`,
      port: options.port ?? 0,
      version: options.version ?? '',
      bootMs: 900,
      warnings: ['oidc.scopes omits offline_access but the IdP advertises it', 'managed policy 1 availableModels contains an unknown model'],
      logs: [],
      exited: new Promise(() => undefined),
      issuerUrl: 'http://127.0.0.1:41001',
      users: options.users ?? [],
      signInCode: options.signInCode ?? 'K7QM-ZP3X-W9RD',
      database: { name: 'gateway', port: 41002, dataDir: join(options.stateDir ?? '', 'postgres', 'data') },
      // this test process stands in for the gateway: it is alive while the session runs
      pid: process.pid,
      resetSignInRateLimits: async () => undefined,
      stop: async () => void stops++,
    } as LocalGateway;
  };
  return { start, started, stops: () => stops };
}

function options(stateDir: string, fake: ReturnType<typeof fakeGateway>, extra: Partial<LocalSessionOptions> = {}): LocalSessionOptions {
  return {
    settings,
    profileName: 'local',
    stateDir,
    port: 18080,
    users,
    upstream: 'stub',
    reset: false,
    env: { AWS_PROFILE: 'sandbox', HOME: '/home/dev', GITHUB_TOKEN: 'ghp_not-for-the-gateway', PGDATABASE: 'wrong' },
    startGateway: fake.start,
    ...extra,
  };
}

test('the gateway gets the rendered config whole, the port, the users, the state dir, and only the environment it needs', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  const fake = fakeGateway();
  const session = await startLocalSession(options(stateDir, fake));
  const [started] = fake.started;
  expect(started).toMatchObject({ version: settings.CLAUDE_VERSION, port: 18080, stateDir, upstream: 'stub', users });
  // local.env names no mirror or key: another version is checked against Anthropic's release tree
  expect(started!.release).toEqual({});
  const config = started!.config as { managed: { policies: unknown[] }; admin: { admin_groups: string[] }; models: unknown[] };
  expect(config.managed.policies).toHaveLength(4);
  expect(config.admin.admin_groups).toEqual(['platform-finops']);
  expect(config.models.length).toBeGreaterThan(0);

  const secrets = readLocalSecrets(join(stateDir, 'local-secrets.json'));
  expect(started!.env).toEqual({ AWS_PROFILE: 'sandbox', HOME: '/home/dev', GATEWAY_ADMIN_WRITE_KEY: secrets.adminKey, GATEWAY_JWT_SECRET: secrets.jwtSecret });
  expect(secrets.adminKey.length).toBeGreaterThanOrEqual(32);

  expect(session.warnings).toEqual(['managed policy 1 availableModels contains an unknown model']);
  expect(session.refusedUsers.map((user) => user.email)).toEqual(['zed@elsewhere.org']);
  expect(session.managedSettings).toEqual({ forceLoginMethod: 'gateway', forceLoginGatewayUrl: 'http://127.0.0.1:18080', parentSettingsBehavior: 'merge' });
  await session.stop();
});

test('the session file says where everything is, holds no secret, and goes away on stop', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  const fake = fakeGateway();
  const session = await startLocalSession(options(stateDir, fake));
  const text = readFileSync(sessionFilePath(stateDir), 'utf8');
  const secrets = readLocalSecrets(join(stateDir, 'local-secrets.json'));
  expect(text).not.toContain(secrets.adminKey);
  expect(text).not.toContain(secrets.jwtSecret);
  expect(readRunningSession(stateDir)).toMatchObject({
    pid: process.pid,
    url: 'http://127.0.0.1:18080',
    ports: { gateway: 18080, postgres: 41002, issuer: 41001 },
    spendCaps: true,
    adminGroups: ['platform-finops'],
    secretsFile: join(stateDir, 'local-secrets.json'),
    signInCodeFile: join(stateDir, 'sign-in-code'),
  });
  expect(text).not.toContain('K7QM-ZP3X-W9RD');
  expect(readRunningSession(stateDir).policies.map((policy) => policy.name)).toEqual(['engineering', 'contractors', 'finance', 'everyone-else']);

  await session.stop();
  await session.stop();
  expect(fake.stops()).toBe(1);
  expect(existsSync(sessionFilePath(stateDir))).toBe(false);
});

test('a second session on a running state directory is refused, naming the running one', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  const first = await startLocalSession(options(stateDir, fakeGateway()));
  const second = fakeGateway();
  await expect(startLocalSession(options(stateDir, second, { reset: true }))).rejects.toMatchObject({ code: 'LocalSessionRunning', message: expect.stringContaining('http://127.0.0.1:18080') });
  expect(second.started).toHaveLength(0);
  await first.stop();
});

test('secrets are kept between runs; --reset empties the state directory first', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  const first = await startLocalSession(options(stateDir, fakeGateway()));
  await first.stop();
  const kept = readLocalSecrets(join(stateDir, 'local-secrets.json'));
  writeFileSync(join(stateDir, 'leftover'), 'x');
  // a session file left by a process that is gone does not block a start
  writeFileSync(sessionFilePath(stateDir), JSON.stringify({ pid: 2 ** 22 + 7, url: 'http://127.0.0.1:1' }));

  const again = await startLocalSession(options(stateDir, fakeGateway()));
  await again.stop();
  expect(readLocalSecrets(join(stateDir, 'local-secrets.json'))).toEqual(kept);

  const reset = await startLocalSession(options(stateDir, fakeGateway(), { reset: true }));
  await reset.stop();
  expect(existsSync(join(stateDir, 'leftover'))).toBe(false);
  expect(readLocalSecrets(join(stateDir, 'local-secrets.json')).adminKey).not.toBe(kept.adminKey);
});

test('the sign-in code is kept for cagw local probe in a file only its owner can read, and goes away on stop', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  const session = await startLocalSession(options(stateDir, fakeGateway()));
  expect(session.signInCode).toBe('K7QM-ZP3X-W9RD');
  expect(session.signInCodeFile).toBe(join(stateDir, 'sign-in-code'));
  expect(statSync(session.signInCodeFile).mode & 0o777).toBe(0o600);
  expect(readSignInCodeFile(session.signInCodeFile)).toBe('K7QM-ZP3X-W9RD');
  await session.stop();
  expect(existsSync(session.signInCodeFile)).toBe(false);
});

test('a sign-in code file left readable by others is replaced, not reused', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, 'sign-in-code'), 'OLD-CODE\n', { mode: 0o644 });
  const session = await startLocalSession(options(stateDir, fakeGateway()));
  expect(statSync(session.signInCodeFile).mode & 0o777).toBe(0o600);
  expect(readSignInCodeFile(session.signInCodeFile)).toBe('K7QM-ZP3X-W9RD');
  await session.stop();
});

test("another CLAUDE_VERSION is verified against the profile's release mirror and pinned key, as the image is", async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'cagw-local-')), 'local');
  const fake = fakeGateway();
  const mirrored = {
    ...settings,
    RELEASE_MIRROR_URL: 'https://mirror.example.com/claude-code-releases',
    RELEASE_KEY_FILE: 'keys/release.asc',
    RELEASE_KEY_FINGERPRINT: '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE',
  };
  const session = await startLocalSession(options(stateDir, fake, { settings: mirrored }));
  expect(fake.started[0]!.release).toEqual({
    baseUrl: 'https://mirror.example.com/claude-code-releases',
    keyFile: join(dirname(profile), 'keys/release.asc'),
    fingerprint: '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE',
  });
  await session.stop();
});
