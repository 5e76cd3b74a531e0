import { renderGatewayConfig } from '@cagw/config-render';
import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { oidcIdpQuirks } from './oidc-idp-quirks.ts';

const COGNITO_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI';

test('a config that asks a Cognito issuer for offline_access fails: Cognito rejects it', async () => {
  // The profile already refuses OIDC_SCOPES with offline_access for a Cognito issuer; this check
  // reads the rendered config, so it also catches a config rendered by other tooling.
  const settings = settingsFrom({ OIDC_ISSUER: COGNITO_ISSUER, GROUPS_CLAIM: 'cognito:groups' });
  const rendered = renderGatewayConfig(settings);
  const r = await runOne(oidcIdpQuirks, settings, { rendered: { ...rendered, config: { ...rendered.config, oidc: { ...rendered.config.oidc, scopes: ['openid', 'email', 'offline_access'] } } } });
  expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('offline_access') });
});

test('a Cognito issuer with the default scopes passes', async () => {
  const settings = settingsFrom({ OIDC_ISSUER: COGNITO_ISSUER, GROUPS_CLAIM: 'cognito:groups' });
  expect((await runOne(oidcIdpQuirks, settings, { rendered: renderGatewayConfig(settings) })).status).toBe('pass');
});

test('Cognito with a groups claim other than cognito:groups warns about the pre-token trigger', async () => {
  const settings = settingsFrom({ OIDC_ISSUER: COGNITO_ISSUER, GROUPS_CLAIM: 'groups', DENY_TOOL_GROUP: 'contractors' });
  const rendered = renderGatewayConfig(settings);
  const r = await runOne(oidcIdpQuirks, settings, { rendered: { ...rendered, config: { ...rendered.config, oidc: { ...rendered.config.oidc, scopes: ['openid', 'email', 'profile'] } } } });
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('pre-token') });
});

test('the Okta org server without the groups scope warns about thin id_tokens', async () => {
  const r = await runOne(oidcIdpQuirks, settingsFrom({ OIDC_ISSUER: 'https://acme.okta.com', DENY_TOOL_GROUP: 'contractors' }));
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('groups scope') });
  expect(r.fix).toBe('add groups to OIDC_SCOPES');
});

test('the Okta org server without userinfo_fallback warns that email and groups are missing', async () => {
  const settings = settingsFrom({ OIDC_ISSUER: 'https://acme.okta.com', OIDC_SCOPES: 'openid,email,profile,groups' });
  const rendered = renderGatewayConfig(settings);
  const r = await runOne(oidcIdpQuirks, settings, { rendered: { ...rendered, config: { ...rendered.config, oidc: { ...rendered.config.oidc, userinfo_fallback: false } } } });
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('userinfo') });
});

test('Entra with userinfo_fallback on warns that overage users lose their groups', async () => {
  const r = await runOne(oidcIdpQuirks, settingsFrom({ OIDC_ISSUER: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0' }));
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('overage') });
});

test('Google with group policies warns that there is no groups claim', async () => {
  const r = await runOne(oidcIdpQuirks, settingsFrom({ OIDC_ISSUER: 'https://accounts.google.com', DENY_TOOL_GROUP: 'contractors' }));
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('no groups claim') });
});

test('an Okta custom authorization server with no group policies has no quirk', async () => {
  const r = await runOne(oidcIdpQuirks, settingsFrom({ OIDC_ISSUER: 'https://acme.okta.com/oauth2/default' }));
  expect(r).toMatchObject({ status: 'pass', message: expect.stringContaining('okta-custom') });
});
