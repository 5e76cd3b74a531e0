import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow, type GroupPolicy } from '@cagw/profile';
import { expect, test } from 'vitest';
import { matchPolicy } from './match-policy.ts';

const policies: GroupPolicy[] = [
  { name: 'engineering', groups: ['engineering', 'sre'] },
  { name: 'contractors', groups: ['contractors'] },
  { name: 'everyone-else', groups: [] },
];

test('the first policy sharing a group wins, in the order of the list, not of the groups', () => {
  expect(matchPolicy(policies, ['contractors', 'sre'])?.name).toBe('engineering');
  expect(matchPolicy(policies, ['contractors'])?.name).toBe('contractors');
});

test('a user in no listed group gets the catch-all, and nothing when there is none', () => {
  expect(matchPolicy(policies, ['marketing'])?.name).toBe('everyone-else');
  expect(matchPolicy(policies, [])?.name).toBe('everyone-else');
  expect(matchPolicy(policies.slice(0, 2), ['marketing'])).toBeUndefined();
});

test('the catch-all never wins over a group policy that comes after it in a hand-made list', () => {
  const catchAllFirst: GroupPolicy[] = [{ name: 'base', groups: [] }, { name: 'finance', groups: ['platform-finops'] }];
  expect(matchPolicy(catchAllFirst, ['platform-finops'])?.name).toBe('finance');
});

test('the policies of profiles/local.env come through the real profile loader', () => {
  const profile = fileURLToPath(new URL('../../../../profiles/local.env', import.meta.url));
  const { settings } = loadSettingsOrThrow({ profilePath: profile, env: {} });
  expect(matchPolicy(settings.policies, ['platform-finops'])?.name).toBe('finance');
  expect(matchPolicy(settings.policies, ['nobody'])?.name).toBe('everyone-else');
});
