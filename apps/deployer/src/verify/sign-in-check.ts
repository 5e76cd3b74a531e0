// `cagw verify --user`: a real sign-in through the gateway's device flow, then what that user
// gets: the managed settings (their policy) and the models they may use. Against cagw local
// the development sign-in page is clicked for the test user; against a deployment the person
// opens the printed address and signs in at the IdP while cagw waits.
import { signInTestUser } from '@cagw/local-gateway';
import type { CheckResult } from '@cagw/preflight';
import { probe } from './http-probe.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface SignInOptions {
  url: string;
  email: string;
  /** local: the development issuer's page is filled in by cagw; person: someone signs in */
  mode: 'local' | 'person';
  /** local: the code cagw local asks for on its sign-in page (from its 0600 file) */
  signInCode?: string;
  extraCa?: string;
  /** tells the person where to sign in (mode person) */
  prompt?: (verificationUri: string, userCode: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

const title = 'a developer signs in and gets their policy';

export async function signInCheck(options: SignInOptions): Promise<CheckResult> {
  const ca = options.extraCa ? { extraCa: options.extraCa } : {};
  let token: string;
  try {
    token = options.mode === 'local' ? (await signInTestUser(options.url, options.email, options.signInCode ? { signInCode: options.signInCode } : {})).accessToken : await personSignIn(options);
  } catch (error) {
    return { id: 'sign-in', title, status: 'fail', message: `${options.email} could not sign in: ${(error as Error).message}`, fix: "check the IdP app client's redirect URI is <gateway>/oauth/callback, the user's email domain is in ALLOWED_DOMAINS and their groups in ALLOWED_GROUPS" };
  }
  const bearer = { authorization: `Bearer ${token}` };
  const managed = await probe(new URL('/managed/settings', options.url).toString(), { headers: bearer, ...ca });
  const models = await probe(new URL('/v1/models', options.url).toString(), { headers: { ...bearer, 'anthropic-version': '2023-06-01' }, ...ca });
  const settings = managed.ok && managed.status === 200 ? (JSON.parse(managed.text) as Record<string, unknown>) : undefined;
  const modelIds = models.ok && models.status === 200 ? (JSON.parse(models.text) as { data: { id: string }[] }).data.map((model) => model.id) : [];
  const policy = settings ? JSON.stringify((settings as { settings?: unknown }).settings ?? settings) : `none (${managed.ok ? managed.status : managed.error})`;
  return {
    id: 'sign-in',
    title,
    status: modelIds.length > 0 ? 'pass' : 'warn',
    message: `${options.email} signed in; managed settings ${policy}; models ${modelIds.join(', ') || '(none)'}`,
    fix: modelIds.length > 0 ? '' : "this user may use no model: check the policy that matches their groups (POLICIES_FILE, ENFORCE_MODELS)",
    data: { email: options.email, managedSettings: settings ?? null, models: modelIds },
  };
}

async function personSignIn(options: SignInOptions): Promise<string> {
  const ca = options.extraCa ? { extraCa: options.extraCa } : {};
  const started = await probe(new URL('/oauth/device_authorization', options.url).toString(), { method: 'POST', form: {}, ...ca });
  if (!started.ok || started.status !== 200) throw new Error(`the device sign-in did not start (${started.ok ? started.status : started.error})`);
  const grant = JSON.parse(started.text) as { device_code: string; user_code: string; verification_uri_complete: string; expires_in: number; interval: number };
  options.prompt?.(grant.verification_uri_complete, grant.user_code);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let interval = grant.interval * 1000;
  const deadline = Date.now() + grant.expires_in * 1000;
  while (Date.now() < deadline) {
    await sleep(interval);
    const answer = await probe(new URL('/oauth/token', options.url).toString(), { method: 'POST', form: { grant_type: DEVICE_GRANT, device_code: grant.device_code }, ...ca });
    if (!answer.ok) throw new Error(answer.error);
    const body = JSON.parse(answer.text) as { access_token?: string; error?: string; error_description?: string };
    if (body.access_token) return body.access_token;
    if (body.error === 'slow_down') interval += 5000;
    else if (body.error !== 'authorization_pending') throw new Error(`${body.error ?? answer.status}: ${body.error_description ?? ''}`.trim());
  }
  throw new Error(`nobody signed in within ${grant.expires_in / 60} minutes`);
}
