import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CookieJar } from '../client/cookie-jar.ts';
import { startDevIssuer, type DevClient, type DevIssuer } from './dev-issuer.ts';
import { DEFAULT_TEST_USERS } from './test-users.ts';

// The issuer is driven here the way the gateway drives it: authorization code with PKCE S256,
// a nonce, response_mode=query, client_secret_basic at the token endpoint, then a refresh.
const REDIRECT_URI = 'http://127.0.0.1:65000/oauth/callback';
const SIGN_IN_CODE = 'K7QM-ZP3X-W9RD';
let issuer: DevIssuer;
let client: DevClient;

beforeAll(async () => {
  issuer = await startDevIssuer({ groupsClaim: 'cognito:groups' });
  client = await issuer.registerClient({ redirectUris: [REDIRECT_URI], users: DEFAULT_TEST_USERS, signInCode: SIGN_IN_CODE });
});
afterAll(async () => {
  await issuer.stop();
});

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
}

async function discovery(): Promise<Discovery> {
  return (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as Discovery;
}

function authorizeUrl(meta: Discovery, challenge: string): string {
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    response_mode: 'query',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email offline_access',
    state: 'st',
    nonce: 'n-0S6_WzA2Mj',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

async function get(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const cookie = jar.headerFor(url);
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
  jar.remember(url, response);
  return response;
}

/** Authorizes as `email` and returns the code from the redirect to the client. */
async function authorize(email: string, verifier: string, signInCode = SIGN_IN_CODE): Promise<string> {
  const jar = new CookieJar();
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  let url = authorizeUrl(await discovery(), challenge);
  let response = await get(jar, url);
  for (let hop = 0; hop < 10; hop++) {
    const location = response.headers.get('location');
    if (location?.startsWith(REDIRECT_URI)) {
      const code = new URL(location).searchParams.get('code');
      if (!code) throw new Error(`no code in ${location}`);
      return code;
    }
    if (location) {
      url = new URL(location, url).toString();
      response = await get(jar, url);
    } else if (response.status === 200) {
      response = await get(jar, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code: signInCode, email }).toString() });
    } else {
      throw new Error(`sign-in stopped with ${response.status}: ${await response.text()}`);
    }
  }
  throw new Error('too many redirects');
}

async function token(fields: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const meta = await discovery();
  const response = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const claimsOf = (idToken: string) => JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('development OIDC issuer', () => {
  test('serves discovery and a JWKS with an RS256 signing key', async () => {
    const meta = await discovery();
    expect(meta.issuer).toBe(issuer.url);
    expect(meta.code_challenge_methods_supported).toContain('S256');
    const jwks = (await (await fetch(meta.jwks_uri)).json()) as { keys: { alg: string; d?: string }[] };
    expect(jwks.keys.map((key) => key.alg)).toContain('RS256');
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true); // public halves only
  });

  test('the sign-in page lists every test user with their groups', async () => {
    const jar = new CookieJar();
    const first = await get(jar, authorizeUrl(await discovery(), createHash('sha256').update('v'.repeat(43)).digest('base64url')));
    const page = await get(jar, new URL(first.headers.get('location') ?? '', issuer.url).toString());
    const html = await page.text();
    for (const user of DEFAULT_TEST_USERS) {
      expect(html).toContain(user.email);
      expect(html).toContain(user.name);
    }
    expect(html).toContain('groups: contractors');
  });

  test('code + PKCE gives an id_token with email, name and groups under the configured claim, and a working refresh token', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize('bob@example.com', verifier);
    const tokens = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    const claims = claimsOf(tokens.body.id_token ?? '');
    expect(claims).toMatchObject({ iss: issuer.url, aud: client.clientId, sub: 'bob@example.com', email: 'bob@example.com', email_verified: true, name: 'Bob Contractor', nonce: 'n-0S6_WzA2Mj', 'cognito:groups': ['contractors'] });
    expect(tokens.body.refresh_token).toBeTruthy();

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token ?? '' });
    expect(refreshed.status).toBe(200);
    expect(claimsOf(refreshed.body.id_token ?? '')).toMatchObject({ email: 'bob@example.com', 'cognito:groups': ['contractors'] });
  });

  test('a wrong PKCE verifier is refused', async () => {
    const code = await authorize('alice@example.com', randomBytes(32).toString('base64url'));
    const tokens = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: randomBytes(32).toString('base64url') });
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  test('picking someone who is not a test user is refused', async () => {
    await expect(authorize('mallory@example.com', randomBytes(32).toString('base64url'))).rejects.toThrow(/400/);
  });

  test.each([
    ['no sign-in code', ''],
    ['a wrong sign-in code', 'AAAA-BBBB-CCCC'],
  ])('with %s nobody signs in, an admin test user neither', async (_what, typed) => {
    const admin = DEFAULT_TEST_USERS.find((user) => user.groups.some((group) => /admin/.test(group)))!;
    expect(admin).toBeDefined();
    await expect(authorize(admin.email, randomBytes(32).toString('base64url'), typed)).rejects.toThrow(/403.*sign-in code is wrong/s);
  });

  test('the code is typed as the terminal shows it, in any case', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize('alice@example.com', verifier, ' k7qm-zp3x-w9rd ');
    expect(code).not.toBe('');
  });

  test('a JSON Pointer groups claim nests the groups', async () => {
    const nested = await startDevIssuer({ groupsClaim: '/resource_access/gateway/roles' });
    const previous = { issuer, client };
    try {
      issuer = nested;
      client = await nested.registerClient({ redirectUris: [REDIRECT_URI], users: DEFAULT_TEST_USERS, signInCode: SIGN_IN_CODE });
      const verifier = randomBytes(32).toString('base64url');
      const code = await authorize('alice@example.com', verifier);
      const tokens = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
      expect(claimsOf(tokens.body.id_token ?? '')).toMatchObject({ resource_access: { gateway: { roles: ['engineering'] } } });
    } finally {
      ({ issuer, client } = previous);
      await nested.stop();
    }
  });
});
