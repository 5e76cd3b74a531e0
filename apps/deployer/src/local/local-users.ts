import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { DEFAULT_TEST_USERS, parseTestUsersYaml, type TestUser } from '@cagw/local-gateway';

export const USERS_FILE_NAME = 'local-users.yaml';

/**
 * The test users of a local session: the --users file, else `local-users.yaml` beside the
 * profile (profiles/local-users.yaml for the shipped ones), else three built-in users.
 */
export function loadLocalUsers(usersPath: string | undefined, profilePath: string | undefined): { users: TestUser[]; source: string } {
  if (usersPath !== undefined) {
    if (!existsSync(usersPath)) {
      throw new CagwError('TestUsersFileMissing', `the users file ${usersPath} does not exist`, {
        source: 'user',
        where: '--users',
        fix: `write it (see profiles/${USERS_FILE_NAME}) or leave --users out`,
      });
    }
    return { users: parseTestUsersYaml(readFileSync(usersPath, 'utf8'), usersPath), source: usersPath };
  }
  const beside = join(profilePath ? dirname(profilePath) : '.', USERS_FILE_NAME);
  if (existsSync(beside)) return { users: parseTestUsersYaml(readFileSync(beside, 'utf8'), beside), source: beside };
  return { users: [...DEFAULT_TEST_USERS], source: 'the built-in test users' };
}

/** Users the gateway would refuse because their email domain is not allowed (ALLOWED_DOMAINS). */
export function usersOutsideAllowedDomains(users: readonly TestUser[], allowedDomains: readonly string[]): TestUser[] {
  if (allowedDomains.length === 0) return [];
  const allowed = new Set(allowedDomains.map((domain) => domain.toLowerCase().replace(/^@/, '')));
  return users.filter((user) => !allowed.has(user.email.split('@')[1] ?? ''));
}
