import { expect, test } from 'vitest';
import { readCapsFile } from '@cagw/profile';
import { effectiveCap, planCaps, capsAfter } from './caps-plan.ts';
import { capsFileYaml, exportCaps } from './caps-workflow.ts';
import type { KnownPrincipal, LiveCap } from './spend-limits-admin.ts';

// OIDC subjects as a real IdP issues them: nothing like the email
const bobSub = '5f0c2a9e-7b3d-4c1e-9a8f-2d6b1e0c4a73';
const goneSub = '0b8e6d4c-2a1f-4e3d-8c7b-9a5f3e1d2c60';
const bob: KnownPrincipal = { sub: bobSub, email: 'bob@example.com', groups: ['contractors'] };

const live: LiveCap[] = [
  { id: 'spl_0a1b2c3d4e5f60718293a4b5c6d7e8f9', scope: { type: 'organization' }, period: 'daily', amount: '10000' },
  { id: 'spl_1a1b2c3d4e5f60718293a4b5c6d7e8f9', scope: { type: 'rbac_group', rbac_group_id: 'contractors' }, period: 'daily', amount: '500' },
  { id: 'spl_2a1b2c3d4e5f60718293a4b5c6d7e8f9', scope: { type: 'user', user_id: bobSub }, period: 'daily', amount: '100' },
  { id: 'spl_3a1b2c3d4e5f60718293a4b5c6d7e8f9', scope: { type: 'user', user_id: goneSub }, period: 'weekly', amount: null },
];
const emailOfSub = new Map([[bobSub, 'bob@example.com']]);
const file = (text: string) => readCapsFile('caps.yaml', text).caps;

test('a live user cap is matched to the file by the email the gateway knows for its subject; the subject is used only on the wire', () => {
  const plan = planCaps({ file: file('organization: { daily: 100 }\ngroups:\n  contractors: { daily: 5 }\nusers:\n  bob@example.com: { daily: 2 }\n'), live, users: new Map([['bob@example.com', bob]]), emailOfSub, prune: false });
  expect(plan.changes).toEqual([
    expect.objectContaining({ action: 'change', scope: 'user:bob@example.com', period: 'daily', from: 1, to: 2, apiScope: { type: 'user', user_id: bobSub }, amount: '200', liveId: 'spl_2a1b2c3d4e5f60718293a4b5c6d7e8f9' }),
  ]);
  expect(plan.kept).toEqual([{ action: 'delete', scope: `user-sub:${goneSub}`, period: 'weekly', from: 'unlimited', to: null }]);
});

test('prune deletes what the file leaves out; an unresolved email is pending, never guessed into a subject', () => {
  const plan = planCaps({ file: file('users:\n  carol@example.com: { daily: 1 }\n'), live, users: new Map(), emailOfSub, prune: true });
  expect(plan.pending.map((user) => user.email)).toEqual(['carol@example.com']);
  expect(plan.changes.map((change) => `${change.action} ${change.scope} ${change.period}`)).toEqual([
    'delete organization daily',
    'delete group:contractors daily',
    'delete user:bob@example.com daily',
    `delete user-sub:${goneSub} weekly`,
  ]);
  expect(JSON.stringify(plan.changes.map((change) => change.apiScope))).not.toContain('carol');
});

test('the effective cap: the user\'s own, else the lowest group cap, else the organisation\'s', () => {
  const caps = capsAfter(live, { changes: [], pending: [], kept: [] }, emailOfSub);
  expect(effectiveCap(caps, { email: 'bob@example.com', groups: ['contractors'] }, 'daily')).toBe(1);
  expect(effectiveCap(caps, { email: 'dan@example.com', groups: ['contractors', 'engineering'] }, 'daily')).toBe(5);
  expect(effectiveCap(caps, { email: 'eve@example.com', groups: ['engineering'] }, 'daily')).toBe(100);
  expect(effectiveCap(caps, { email: 'eve@example.com', groups: [] }, 'monthly')).toBe('unlimited');
});

test('export names users by email and leaves out a subject without one, so no subject is ever written to the file', () => {
  const { file: exported, unnamed } = exportCaps(live, emailOfSub);
  const yaml = capsFileYaml(exported, ['exported']);
  expect(yaml).not.toContain(bobSub);
  expect(yaml).not.toContain(goneSub);
  expect(unnamed).toEqual([`user-sub:${goneSub}`]);
  expect(readCapsFile('caps.yaml', yaml)).toEqual({ caps: file('organization: { daily: 100 }\ngroups:\n  contractors: { daily: 5 }\nusers:\n  bob@example.com: { daily: 1 }\n'), problems: [] });
});
