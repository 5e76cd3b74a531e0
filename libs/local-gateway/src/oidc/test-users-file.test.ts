import { describe, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { parseTestUsersYaml } from './test-users-file.ts';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return CagwError.is(error) ? error.code : 'not a CagwError';
  }
  return 'no error';
};

describe('parseTestUsersYaml', () => {
  test('reads a plain list and a list under users:, lowercasing emails', () => {
    const plain = parseTestUsersYaml('- { email: Ann@Example.com, name: Ann, groups: [eng] }\n- { email: b@example.com }\n', 'users.yaml');
    expect(plain).toEqual([
      { email: 'ann@example.com', name: 'Ann', groups: ['eng'] },
      { email: 'b@example.com', name: 'b@example.com', groups: [] },
    ]);
    expect(parseTestUsersYaml('users:\n  - email: c@example.com\n    name: C\n    groups: [finance-admins]\n', 'u')).toEqual([
      { email: 'c@example.com', name: 'C', groups: ['finance-admins'] },
    ]);
  });

  test('refuses broken YAML, a missing list, wrong types and duplicates', () => {
    expect(codeOf(() => parseTestUsersYaml('- [', 'u'))).toBe('TestUsersFileInvalid');
    expect(codeOf(() => parseTestUsersYaml('users: 3', 'u'))).toBe('TestUsersFileInvalid');
    expect(codeOf(() => parseTestUsersYaml('- { email: a@example.com, groups: eng }', 'u'))).toBe('TestUsersFileInvalid');
    expect(codeOf(() => parseTestUsersYaml('- { email: not-an-email }', 'u'))).toBe('TestUserInvalid');
    expect(codeOf(() => parseTestUsersYaml('- { email: a@example.com }\n- { email: A@example.com }', 'u'))).toBe('TestUserInvalid');
    expect(codeOf(() => parseTestUsersYaml('[]', 'u'))).toBe('TestUsersEmpty');
  });
});
