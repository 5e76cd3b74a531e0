import { expect, test } from 'vitest';
import { DEFAULT_TEST_USERS, defaultTestUsersFor } from './test-users.ts';

test('default users move into the first allowed email domain', () => {
  expect(defaultTestUsersFor(['Corp.Example.org', 'other.org']).map((user) => user.email)).toEqual([
    'alice@corp.example.org',
    'bob@corp.example.org',
    'fiona@corp.example.org',
  ]);
});

test('without allowed domains the defaults stay as they are', () => {
  expect(defaultTestUsersFor(undefined)).toEqual(DEFAULT_TEST_USERS);
  expect(defaultTestUsersFor([])).toEqual(DEFAULT_TEST_USERS);
});
