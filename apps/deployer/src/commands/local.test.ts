// cagw local's command line: usage errors, probe's answer when nothing runs, and what the
// ready and probe texts show. Starting the real session is in local.int.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import type { LocalSession } from '../local/start-local-session.ts';
import { main } from '../main.ts';
import { formatProbe, formatReady } from './local.ts';

test('an unknown sub-command, a port that is not one and an unknown upstream are usage errors (exit 2)', async () => {
  for (const argv of [['local', 'prove'], ['local', '--port', '80a'], ['local', '--port', '70000'], ['local', '--upstream', 'vertex']]) {
    const io = createRecordingIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/usage: cagw local/);
  }
});

test('probe without a running session exits 1 and says how to start one', async () => {
  const io = createRecordingIo();
  const stateDir = mkdtempSync(join(tmpdir(), 'cagw-probe-'));
  expect(await main(['local', 'probe', '--state-dir', stateDir, '--json'], io)).toBe(1);
  // --json: the failure is the one document on stdout
  expect(JSON.parse(io.stdout.join(''))).toMatchObject({ result: 'error', error: { fix: expect.stringMatching(/start it first/) } });
  expect(io.stderr.join('\n')).toMatch(/no cagw local is running for this profile[\s\S]*fix: +start it first/);
});

test('a profile error ends before anything starts, with exit 1', async () => {
  const io = createRecordingIo();
  expect(await main(['local', '--profile', join(tmpdir(), 'no-such-profile.env'), '--state-dir', mkdtempSync(join(tmpdir(), 'cagw-local-'))], io)).toBe(1);
  expect(io.stdout).toEqual([]);
  expect(io.stderr.join('\n')).toMatch(/no-such-profile\.env/);
});

test('the ready text gives the URL, the managed-settings.json with its place per OS, each user with their policy, and how to stop', () => {
  const profile = fileURLToPath(new URL('../../../../profiles/local.env', import.meta.url));
  const { settings } = loadSettingsOrThrow({ profilePath: profile, env: {} });
  const session = {
    url: 'http://127.0.0.1:8080',
    version: '2.1.330',
    readyMs: 1234,
    upstream: 'config',
    users: [{ email: 'bob@example.com', name: 'Bob', groups: ['contractors'] }],
    policies: settings.policies,
    spendCaps: true,
    stateDir: '/tmp/state',
    managedSettings: { forceLoginMethod: 'gateway', forceLoginGatewayUrl: 'http://127.0.0.1:8080', parentSettingsBehavior: 'merge' },
  } as unknown as LocalSession;
  const text = formatReady(session, settings, '/tmp/users.yaml');
  expect(text).toMatch(/^claude gateway 2\.1\.330 is running at http:\/\/127\.0\.0\.1:8080 \(ready in 1\.2 s\)/);
  expect(text).toContain('"forceLoginGatewayUrl": "http://127.0.0.1:8080"');
  for (const path of ['/etc/claude-code/managed-settings.json', '/Library/Application Support/ClaudeCode/managed-settings.json', 'C:\\Program Files\\ClaudeCode\\managed-settings.json']) expect(text).toContain(path);
  expect(text).toMatch(/bob@example\.com +Bob +\[contractors\] -> policy contractors/);
  expect(text).toMatch(/Bedrock in us-east-1/);
  expect(text).toMatch(/Stop: +Ctrl-C/);
});

test('the probe text flags a model that was not refused and a cap demo that did not block', () => {
  const text = formatProbe({
    url: 'http://127.0.0.1:8080',
    version: '2.1.330',
    upstream: 'stub',
    users: [
      { email: 'bob@example.com', name: 'Bob', groups: ['contractors'], policy: 'contractors', signedIn: true, models: ['claude-haiku-4-5'], managedSettings: { status: 200, settings: { availableModels: ['haiku'] } }, outsideAllowlist: { model: 'claude-opus-4-8', status: 200, refused: false } },
      { email: 'zed@other.org', name: 'Zed', groups: [], policy: 'everyone-else', signedIn: false, error: 'email domain not allowed', models: [], outsideAllowlist: null },
    ],
    capDemo: { user: 'bob@example.com', capId: 'spl_1', blocked: { model: 'claude-haiku-4-5', status: 200 }, others: [], ok: false },
  });
  expect(text).toContain('outside allowlist claude-opus-4-8: NOT refused (200)');
  expect(text).toContain('FAILED email domain not allowed');
  expect(text).toContain('UNEXPECTED: the cap did not block exactly the capped user');
});
