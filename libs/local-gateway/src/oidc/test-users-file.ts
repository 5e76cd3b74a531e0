import { parse } from 'yaml';
import { CagwError } from '@cagw/errors';
import { checkTestUsers, type TestUser } from './test-users.ts';

/**
 * Reads test users from YAML: a list of `{ email, name, groups }`, or the same list under
 * `users:`. `where` names the file in error messages.
 */
export function parseTestUsersYaml(text: string, where: string): TestUser[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new CagwError('TestUsersFileInvalid', `${where} is not valid YAML: ${(error as Error).message}`, { source: 'user', where, fix: 'fix the YAML syntax', cause: error });
  }
  const list = Array.isArray(document) ? document : (document as { users?: unknown } | null)?.users;
  if (!Array.isArray(list)) {
    throw new CagwError('TestUsersFileInvalid', `${where} holds no list of users`, { source: 'user', where, fix: 'write a list of entries with email, name and groups (optionally under users:)' });
  }
  const users = list.map((entry: unknown, index): TestUser => {
    const { email, name, groups } = (entry ?? {}) as Record<string, unknown>;
    const groupList = groups === undefined ? [] : groups;
    if (typeof email !== 'string' || (name !== undefined && typeof name !== 'string') || !Array.isArray(groupList) || !groupList.every((group) => typeof group === 'string')) {
      throw new CagwError('TestUsersFileInvalid', `user ${index + 1} in ${where} needs email (text), name (text) and groups (a list of text)`, {
        source: 'user',
        where: `${where}: users[${index}]`,
        fix: 'write it as { email: a@example.com, name: A, groups: [engineering] }',
      });
    }
    return { email, name: name ?? email, groups: groupList as string[] };
  });
  return checkTestUsers(users, where);
}
