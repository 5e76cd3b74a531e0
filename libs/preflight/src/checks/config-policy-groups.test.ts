import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { configPolicyGroups } from './config-policy-groups.ts';

const ENTRA = 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0';
const GUID = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';

test('Entra with group object ids passes', async () => {
  const r = await runOne(configPolicyGroups, settingsFrom({ OIDC_ISSUER: ENTRA, DENY_TOOL_GROUP: GUID }));
  expect(r.status).toBe('pass');
});

test('Entra with group names warns: Entra emits object ids', async () => {
  const r = await runOne(configPolicyGroups, settingsFrom({ OIDC_ISSUER: ENTRA, DENY_TOOL_GROUP: 'contractors' }));
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('contractors') });
  expect(r.fix).toMatch(/object ids/);
});

test('Entra app roles (GROUPS_CLAIM=roles) are names, so names pass', async () => {
  expect((await runOne(configPolicyGroups, settingsFrom({ OIDC_ISSUER: ENTRA, GROUPS_CLAIM: 'roles', DENY_TOOL_GROUP: 'contractors' }))).status).toBe('pass');
});

test('a GUID group with a non-Entra IdP warns', async () => {
  const r = await runOne(configPolicyGroups, settingsFrom({ OIDC_ISSUER: 'https://acme.okta.com/oauth2/default', ADMIN_GROUPS: GUID }));
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining(GUID) });
});
