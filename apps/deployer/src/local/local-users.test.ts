import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import { expect, test } from 'vitest';
import { loadLocalUsers, usersOutsideAllowedDomains } from './local-users.ts';
import { matchPolicy } from './match-policy.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));

test('profiles/local-users.yaml gives an engineer, a contractor and a finance admin their own policy under local.env', () => {
  const { users, source } = loadLocalUsers(undefined, join(profiles, 'local.env'));
  expect(source).toBe(join(profiles, 'local-users.yaml'));
  const { settings } = loadSettingsOrThrow({ profilePath: join(profiles, 'local.env'), env: {} });
  expect(users.map((user) => matchPolicy(settings.policies, user.groups)?.name)).toEqual(['engineering', 'contractors', 'finance']);
  // the finance admin may use the admin API as a signed-in user
  expect(users.filter((user) => user.groups.some((group) => settings.ADMIN_GROUPS.includes(group))).map((user) => user.email)).toEqual(['fiona@example.com']);
  expect(usersOutsideAllowedDomains(users, settings.ALLOWED_DOMAINS)).toEqual([]);
});

test('--users wins over the file beside the profile; a missing one is an error naming the flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-users-'));
  const file = join(dir, 'team.yaml');
  writeFileSync(file, '- { email: Carol@Example.com, name: Carol, groups: [sre] }\n');
  expect(loadLocalUsers(file, join(profiles, 'local.env')).users).toEqual([{ email: 'carol@example.com', name: 'Carol', groups: ['sre'] }]);
  expect(() => loadLocalUsers(join(dir, 'nope.yaml'), undefined)).toThrow(expect.objectContaining({ code: 'TestUsersFileMissing', where: '--users' }));
});

test('without a file beside the profile the built-in users are offered', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-users-'));
  const { users, source } = loadLocalUsers(undefined, join(dir, 'my.env'));
  expect(source).toBe('the built-in test users');
  expect(users.length).toBeGreaterThan(0);
});

test('users outside the allowed email domains are named; no domain list allows everyone', () => {
  const users = [
    { email: 'a@example.com', name: 'A', groups: [] },
    { email: 'b@other.org', name: 'B', groups: [] },
  ];
  expect(usersOutsideAllowedDomains(users, ['@Example.com']).map((user) => user.email)).toEqual(['b@other.org']);
  expect(usersOutsideAllowedDomains(users, [])).toEqual([]);
});
