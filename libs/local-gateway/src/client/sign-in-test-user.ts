import { CagwError } from '@cagw/errors';
import { signInCodeFor } from '../oidc/sign-in-code.ts';
import { PICKED_USER_FIELD, SIGN_IN_CODE_FIELD } from '../oidc/sign-in-page.ts';
import { CookieJar } from './cookie-jar.ts';

/** What the gateway's token endpoint returns after the device flow. */
export interface GatewayToken {
  accessToken: string;
  refreshToken: string | undefined;
  expiresIn: number;
  email: string | undefined;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const MAX_REDIRECTS = 20;

/**
 * Signs a test user in through the gateway's real device flow, acting as both the CLI and the
 * person at the browser: device authorization, the gateway's /device page, the development
 * issuer's sign-in page (picking `email`), the gateway's callback, then the token poll.
 */
export async function signInTestUser(gatewayUrl: string, email: string, options: { signInCode?: string } = {}): Promise<GatewayToken> {
  const base = gatewayUrl.replace(/\/$/, '');
  // the code cagw local printed: given, or known because this process started the gateway
  const signInCode = options.signInCode ?? signInCodeFor(base) ?? '';
  const device = await postForm(`${base}/oauth/device_authorization`, { surface: 'claude_code' });
  if (device.status !== 200) throw signInFailed(email, `device authorization answered ${device.status}: ${await device.text()}`);
  const grant = (await device.json()) as { device_code: string; user_code: string; verification_uri?: string };

  const jar = new CookieJar();
  const verificationUri = grant.verification_uri ?? `${base}/device`;
  // the gateway's CSRF check wants a same-origin submission, as a browser would mark it
  const submitted = await browserRequest(jar, verificationUri, {
    method: 'POST',
    body: new URLSearchParams({ user_code: grant.user_code }),
    headers: { 'sec-fetch-site': 'same-origin', origin: new URL(verificationUri).origin },
  });
  const landed = await followAsBrowser(jar, submitted, verificationUri, email, signInCode);
  // success is the gateway's callback page; anything else (a refusal, a rate limit) is shown
  if (landed.response.status !== 200 || new URL(landed.url).pathname !== '/oauth/callback') {
    throw signInFailed(email, `the sign-in stopped at ${new URL(landed.url).pathname} with ${landed.response.status}: ${pageText(await landed.response.text())}`);
  }

  const token = await postForm(`${base}/oauth/token`, { grant_type: DEVICE_GRANT, device_code: grant.device_code });
  const body = (await token.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; email?: string; error?: string };
  if (token.status !== 200 || !body.access_token) throw signInFailed(email, `the token endpoint answered ${token.status} ${body.error ?? ''}`.trim());
  return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresIn: body.expires_in ?? 0, email: body.email };
}

/** Exchanges a gateway refresh token for a fresh access token. */
export async function refreshGatewayToken(gatewayUrl: string, refreshToken: string): Promise<GatewayToken> {
  const response = await postForm(`${gatewayUrl.replace(/\/$/, '')}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken });
  const body = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string };
  if (response.status !== 200 || !body.access_token) {
    throw new CagwError('GatewayRefreshFailed', `the gateway refused the refresh token: ${response.status} ${body.error ?? ''}`.trim(), {
      source: 'internal',
      where: `${gatewayUrl}/oauth/token`,
      fix: 'sign in again',
    });
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token ?? refreshToken, expiresIn: body.expires_in ?? 0, email: undefined };
}

// Follows redirects across the gateway and the issuer with one cookie jar. On the issuer's
// sign-in page it submits the picked user, as a person clicking their name would.
async function followAsBrowser(jar: CookieJar, first: Response, firstUrl: string, email: string, signInCode: string): Promise<{ response: Response; url: string }> {
  let response = first;
  let url = firstUrl;
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      // An unread body keeps its socket open until garbage collection, and the process with it.
      await response.body?.cancel();
      url = new URL(location, url).toString();
      response = await browserRequest(jar, url, { method: 'GET' });
      continue;
    }
    if (response.status === 200 && /\/interaction\/[\w-]+$/.test(new URL(url).pathname)) {
      await response.body?.cancel();
      response = await browserRequest(jar, url, { method: 'POST', body: new URLSearchParams({ [SIGN_IN_CODE_FIELD]: signInCode, [PICKED_USER_FIELD]: email }) });
      continue;
    }
    return { response, url };
  }
  throw signInFailed(email, `more than ${MAX_REDIRECTS} redirects`);
}

async function browserRequest(jar: CookieJar, url: string, init: { method: string; body?: URLSearchParams; headers?: Record<string, string> }): Promise<Response> {
  const cookie = jar.headerFor(url);
  const response = await fetch(url, {
    method: init.method,
    redirect: 'manual',
    headers: { ...init.headers, ...(cookie ? { cookie } : {}), ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(init.body ? { body: init.body.toString() } : {}),
  });
  jar.remember(url, response);
  return response;
}

/** The visible words of an HTML page, shortened: enough to say why a sign-in stopped. */
function pageText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'cagw-local-probe' },
    body: new URLSearchParams(fields).toString(),
  });
}

function signInFailed(email: string, reason: string): CagwError {
  return new CagwError('TestSignInFailed', `signing ${email} in through the gateway failed: ${reason}`, {
    source: 'internal',
    where: email,
    fix: 'check that the user is one of the test users and that the gateway log shows no "token exchange failed"',
  });
}
