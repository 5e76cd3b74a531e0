// cagw local on a shared machine: the stub upstream unless the profile's is asked for, and a
// sign-in code shown on the terminal only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import { expect, test } from 'vitest';
import type { LocalSession } from '../local/start-local-session.ts';
import { formatReady, localCommand, sessionSummary } from './local.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const { settings } = loadSettingsOrThrow({ profilePath: `${root}profiles/local.env`, env: {} });
const session = {
  url: 'http://127.0.0.1:8080',
  version: '2.1.330',
  readyMs: 1234,
  upstream: 'stub',
  users: [{ email: 'fiona@example.com', name: 'Fiona', groups: ['platform-finops'] }],
  policies: settings.policies,
  spendCaps: true,
  stateDir: '/tmp/state',
  sessionFile: '/tmp/state/session.json',
  signInCode: 'K7QM-ZP3X-W9RD',
  signInCodeFile: '/tmp/state/sign-in-code',
  ports: { gateway: 8080, postgres: 41002, issuer: 41001, stub: 41003 },
  managedSettings: { forceLoginMethod: 'gateway', forceLoginGatewayUrl: 'http://127.0.0.1:8080', parentSettingsBehavior: 'merge' },
} as unknown as LocalSession;

test('the upstream is the stub unless --upstream profile asks for real Bedrock credentials', () => {
  expect(localCommand.flags.upstream.default).toBe('stub');
  // npm start makes no such request
  const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.start).toMatch(/^cagw local /);
  expect(scripts.start).not.toMatch(/--upstream[ =]profile/);
});

test('the ready text shows the sign-in code and says where to type it', () => {
  const text = formatReady(session, settings, '/tmp/users.yaml');
  expect(text).toMatch(/sign-in +code K7QM-ZP3X-W9RD/);
  expect(text).toMatch(/type the sign-in code above on the sign-in page/);
  expect(text).toMatch(/upstream +a stub .*--upstream profile/);
});

test('the --json summary names the 0600 file, never the code itself', () => {
  const json = JSON.stringify(sessionSummary(session, '/tmp/users.yaml'));
  expect(json).not.toContain('K7QM-ZP3X-W9RD');
  expect(json).toContain('"signInCodeFile":"/tmp/state/sign-in-code"');
});
