// `cagw local probe` as a module: signs test users in to a running local session through the
// real device flow and reports, per user, the policy they match, the managed settings the
// gateway delivers, the models it lists, and whether a model outside their allowlist is refused.
// With capDemo, one user gets a zero spend cap through the admin API. Never prints.
import { fetchManagedSettings, listModels, sendTestMessage, signInTestUser, type TestUser } from '@cagw/local-gateway';
import { CagwError } from '@cagw/errors';
import { readLocalSecrets } from './local-secrets.ts';
import { readSignInCodeFile } from './sign-in-code-file.ts';
import { matchPolicy } from './match-policy.ts';
import type { SessionFile } from './session-file.ts';
import { spendLimitsClient } from './spend-limits-api.ts';

export interface UserProbe {
  email: string;
  name: string;
  groups: string[];
  /** the name of the policy the user matches, or undefined when none does */
  policy: string | undefined;
  signedIn: boolean;
  /** why signing in or a request failed */
  error?: string;
  managedSettings?: { status: number; settings?: Record<string, unknown>; error?: string };
  models: string[];
  /** a request to a model this user may not use; null when every model of the config is theirs */
  outsideAllowlist: { model: string; status: number; refused: boolean; error?: string } | null;
}

export interface CapDemo {
  user: string;
  /** the spend limit set for the demo (deleted again afterwards) */
  capId: string;
  blocked: { model: string; status: number; error?: string };
  others: { email: string; model: string; status: number; error?: string }[];
  /** true when the capped user got 429 and nobody else did */
  ok: boolean;
}

export interface ProbeReport {
  url: string;
  version: string;
  upstream: SessionFile['upstream'];
  users: UserProbe[];
  capDemo?: CapDemo;
}

export interface ProbeOptions {
  /** probe only this test user (with capDemo: the one who gets the zero cap) */
  user?: string;
  capDemo?: boolean;
}

interface SignedIn {
  probe: UserProbe;
  token?: string;
}

export async function probeLocalSession(session: SessionFile, options: ProbeOptions = {}): Promise<ProbeReport> {
  const chosen = options.user?.trim().toLowerCase();
  if (chosen !== undefined && !session.users.some((user) => user.email === chosen)) {
    throw new CagwError('TestUserUnknown', `"${options.user}" is not one of the session's test users`, {
      source: 'user',
      where: '--user',
      fix: `use one of ${session.users.map((user) => user.email).join(', ')}`,
    });
  }
  if (options.capDemo && !session.spendCaps) {
    throw new CagwError('SpendCapsOff', `profile ${session.profile} does not turn spend caps on, so there is no admin API to set a cap with`, {
      source: 'user',
      where: 'ENABLE_SPEND_CAPS',
      fix: 'set ENABLE_SPEND_CAPS=true (with GATEWAY_ADMIN_WRITE_KEY_ARN) in the profile and restart cagw local',
    });
  }
  // the cap demo needs everyone: the capped user and the others who must not be affected
  const users = chosen !== undefined && !options.capDemo ? session.users.filter((user) => user.email === chosen) : session.users;
  // one at a time: the gateway and PostgreSQL share two cores with whatever else runs
  const signedIn: SignedIn[] = [];
  for (const user of users) signedIn.push(await signInAndRead(session, user));

  const everyModel = [...new Set([...session.models, ...signedIn.flatMap((entry) => entry.probe.models)])];
  for (const entry of signedIn) {
    if (!entry.token) continue;
    const outside = everyModel.find((model) => !entry.probe.models.includes(model));
    if (outside === undefined) continue;
    const answer = await sendTestMessage(session.url, entry.token, outside);
    entry.probe.outsideAllowlist = { model: outside, status: answer.status, refused: answer.status === 400, ...(answer.error ? { error: answer.error } : {}) };
  }

  const report: ProbeReport = { url: session.url, version: session.version, upstream: session.upstream, users: signedIn.map((entry) => entry.probe) };
  if (options.capDemo) report.capDemo = await capDemo(session, signedIn, chosen ?? signedIn.find((entry) => entry.token)?.probe.email);
  return report;
}

async function signInAndRead(session: SessionFile, user: TestUser): Promise<SignedIn> {
  const probe: UserProbe = {
    email: user.email,
    name: user.name,
    groups: user.groups,
    policy: matchPolicy(session.policies, user.groups)?.name,
    signedIn: false,
    models: [],
    outsideAllowlist: null,
  };
  try {
    const token = await signInTestUser(session.url, user.email, { signInCode: readSignInCodeFile(session.signInCodeFile) });
    probe.signedIn = true;
    const managed = await fetchManagedSettings(session.url, token.accessToken);
    probe.managedSettings = { status: managed.status, ...(managed.settings ? { settings: managed.settings } : {}), ...(managed.error ? { error: managed.error } : {}) };
    probe.models = await listModels(session.url, token.accessToken);
    return { probe, token: token.accessToken };
  } catch (error) {
    probe.error = (error as Error).message;
    return { probe };
  }
}

async function capDemo(session: SessionFile, signedIn: SignedIn[], target: string | undefined): Promise<CapDemo> {
  const capped = signedIn.find((entry) => entry.probe.email === target);
  if (!capped?.token || capped.probe.models.length === 0) {
    throw new CagwError('CapDemoNoUser', `the cap demo needs a signed-in test user with at least one model${target ? `, and ${target} is not` : ''}`, {
      source: 'user',
      where: '--user',
      fix: 'pick a user whose policy allows a model (cagw local probe shows them)',
    });
  }
  const admin = spendLimitsClient(session.url, { apiKey: readLocalSecrets(session.secretsFile).adminKey });
  // the gateway names a user by their OIDC subject; the development issuer uses the email
  const capId = await admin.capUser(capped.probe.email, '0');
  try {
    const model = capped.probe.models[0] as string;
    const answer = await sendTestMessage(session.url, capped.token, model);
    const blocked = { model, status: answer.status, ...(answer.error ? { error: answer.error } : {}) };
    const others: CapDemo['others'] = [];
    for (const entry of signedIn) {
      const otherModel = entry.probe.models[0];
      if (entry === capped || !entry.token || otherModel === undefined) continue;
      const reply = await sendTestMessage(session.url, entry.token, otherModel);
      others.push({ email: entry.probe.email, model: otherModel, status: reply.status, ...(reply.error ? { error: reply.error } : {}) });
    }
    return { user: capped.probe.email, capId, blocked, others, ok: blocked.status === 429 && others.every((other) => other.status !== 429) };
  } finally {
    await admin.remove(capId);
  }
}
