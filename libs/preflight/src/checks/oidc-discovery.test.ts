import { expect, test } from 'vitest';
import type { FetchLike } from '../preflight-clients.ts';
import { runOne, settingsFrom } from '../test-support.ts';
import { expectedIssuer, oidcDiscovery } from './oidc-discovery.ts';

const ISSUER = 'https://acme.okta.com/oauth2/default';
const settings = settingsFrom({ OIDC_ISSUER: ISSUER, OIDC_SCOPES: 'openid,email,profile' });
const discovery = (overrides: Record<string, unknown> = {}) => ({
  issuer: ISSUER, authorization_endpoint: `${ISSUER}/v1/authorize`, token_endpoint: `${ISSUER}/v1/token`, jwks_uri: `${ISSUER}/v1/keys`,
  scopes_supported: ['openid', 'email', 'profile', 'groups', 'offline_access'], response_modes_supported: ['query', 'fragment', 'form_post'], ...overrides,
});
/** A fetch that serves one discovery document at the issuer's well-known URL and 404 elsewhere. */
const serving = (doc: unknown, requested: string[] = []): FetchLike => async (url) => {
  requested.push(url);
  const found = url === `${ISSUER}/.well-known/openid-configuration`;
  return { ok: found, status: found ? 200 : 404, json: async () => doc };
};

test('a matching discovery document passes, fetched from the well-known URL', async () => {
  const requested: string[] = [];
  const r = await runOne(oidcDiscovery, settings, { fetch: serving(discovery(), requested) });
  expect(r.status).toBe('pass');
  expect(requested).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
});

test('an issuer that differs only by a trailing slash fails and says so', async () => {
  const r = await runOne(oidcDiscovery, settings, { fetch: serving(discovery({ issuer: `${ISSUER}/` })) });
  expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('only the trailing slash differs') });
  expect(r.fix).toBe(`set OIDC_ISSUER=${ISSUER}/ exactly`);
});

test('a scope the IdP does not support warns', async () => {
  const r = await runOne(oidcDiscovery, settings, { fetch: serving(discovery({ scopes_supported: ['openid', 'email'] })) });
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('profile') });
});

test('an http token endpoint and no query response mode fail', async () => {
  const r = await runOne(oidcDiscovery, settings, { fetch: serving(discovery({ token_endpoint: 'http://acme.okta.com/token', response_modes_supported: ['form_post'] })) });
  expect(r.status).toBe('fail');
  expect(r.message).toContain('token_endpoint');
  expect(r.message).toContain('response_mode=query');
});

test('a discovery URL that answers 404 fails', async () => {
  const r = await runOne(oidcDiscovery, settingsFrom({ OIDC_ISSUER: 'https://acme.okta.com/wrong' }), { fetch: serving(discovery()) });
  expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('answered HTTP 404') });
});

test('an IdP that cannot be reached from here is a warning with the network cause, not a pass', async () => {
  const unreachable: FetchLike = async () => { throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) }); };
  expect(await runOne(oidcDiscovery, settings, { fetch: unreachable })).toMatchObject({ status: 'warn', message: expect.stringContaining('could not be reached from here (ENOTFOUND)') });
});

test('an existing Cognito pool\'s issuer is derived from the pool id; a new pool is skipped', async () => {
  expect(expectedIssuer({ idpMode: 'existing-cognito', OIDC_ISSUER: undefined, COGNITO_POOL_ID: 'eu-west-1_AbCdEfGhI' })).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI');
  const r = await runOne(oidcDiscovery, settingsFrom({ IDP_MODE: 'new-cognito', OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET_ARN: '', COGNITO_ADMIN_EMAIL: 'a@example.com', COGNITO_DOMAIN_PREFIX: 'acme-claude' }));
  expect(r.status).toBe('skip');
});
