import { expect, test } from 'vitest';
import { groupsClaimRoot, groupsClaimValue } from './groups-claim.ts';

test('a flat claim name carries the groups directly', () => {
  expect(groupsClaimRoot('cognito:groups')).toBe('cognito:groups');
  expect(groupsClaimValue('cognito:groups', ['eng'])).toEqual({ 'cognito:groups': ['eng'] });
});

test('a JSON Pointer nests the groups, unescaping ~1 and ~0', () => {
  expect(groupsClaimRoot('/resource_access/gateway/roles')).toBe('resource_access');
  expect(groupsClaimValue('/resource_access/gateway/roles', ['a'])).toEqual({ resource_access: { gateway: { roles: ['a'] } } });
  expect(groupsClaimValue('/a~1b/c~0d', ['x'])).toEqual({ 'a/b': { 'c~d': ['x'] } });
});
