// plan, apply and export against one gateway: reads the live caps, resolves the file's emails
// to OIDC subjects through the gateway (never guessed, never written down), and turns a plan
// into admin API calls whose audit ids come back. Never prints.
import { stringify } from 'yaml';
import { CagwError } from '@cagw/errors';
import { CAP_PERIODS, type CapPeriod, type CapsFile, type PeriodCaps } from '@cagw/profile';
import { capsAfter, effectiveCap, planCaps, scopeKey, type CapsPlan, type CapValue, type PlannedChange } from './caps-plan.ts';
import type { KnownPrincipal, LiveCap, SpendLimitsAdmin } from './spend-limits-admin.ts';
import type { UserDirectory } from './user-directory.ts';

export interface AffectedPrincipal {
  email: string;
  /** per period the file or the live caps mention: the cap this user ends up with */
  effective: Partial<Record<CapPeriod, CapValue>>;
}

export interface CapsPlanReport extends CapsPlan {
  live: LiveCap[];
  /** known users the plan changes something for, with their resulting caps */
  affected: AffectedPrincipal[];
  /** live user caps whose user the gateway has no email for (their retention ended): export cannot name them */
  unnamed: string[];
  emailOfSub: Map<string, string>;
}

/**
 * `directory`: where to look up the subject of a file user the gateway has not seen (the Cognito
 * pool, the local issuer), so their cap is made before their first request; without one they stay pending.
 */
export async function planAgainstGateway(admin: SpendLimitsAdmin, file: CapsFile, prune: boolean, directory?: UserDirectory): Promise<CapsPlanReport> {
  const live = await admin.list();
  const liveSubs = [...new Set(live.flatMap((cap) => (cap.scope.type === 'user' ? [cap.scope.user_id] : [])))];
  const known = liveSubs.length > 0 ? await admin.principals(liveSubs) : [];
  const emailOfSub = new Map(known.flatMap((principal) => (principal.email ? [[principal.sub, principal.email] as const] : [])));
  const users = new Map<string, KnownPrincipal>();
  for (const principal of known) if (principal.email) users.set(principal.email, principal);
  for (const email of Object.keys(file.users)) {
    if (users.has(email)) continue;
    const found = await admin.principalsByEmail(email);
    if (found.length > 1) {
      throw new CagwError('UserEmailAmbiguous', `${found.length} different sign-in subjects of the gateway carry the email ${email}, so cagw cannot tell which one to cap`, {
        source: 'user',
        where: `CAPS_FILE users.${email}`,
        fix: 'make the IdP give each person one subject (or remove the stale one with DELETE FROM principal_emails), then run again',
      });
    }
    if (found[0]) users.set(email, found[0]);
    else if (directory) {
      const sub = await directory.subOf(email);
      if (sub === undefined) continue;
      users.set(email, { sub, email, groups: [] });
      // names the live cap a reconcile made for this subject, so the next plan finds it unchanged
      emailOfSub.set(sub, email);
    }
  }
  const plan = planCaps({ file, live, users, emailOfSub, prune });
  const after = capsAfter(live, plan, emailOfSub);
  const touched = new Set(plan.changes.map((change) => change.scope));
  const affected: AffectedPrincipal[] = [];
  for (const principal of users.values()) {
    const email = principal.email as string;
    const hit = touched.has('organization') || touched.has(`user:${email}`) || principal.groups.some((group) => touched.has(`group:${group}`));
    if (!hit) continue;
    const periods = CAP_PERIODS.filter((period) => [...after.keys()].some((key) => key.endsWith(`|${period}`)));
    affected.push({ email, effective: Object.fromEntries(periods.map((period) => [period, effectiveCap(after, { email, groups: principal.groups }, period)])) });
  }
  const unnamed = live.flatMap((cap) => (cap.scope.type === 'user' && !emailOfSub.has(cap.scope.user_id) ? [scopeKey(cap.scope, emailOfSub)] : []));
  return { ...plan, live, affected: affected.sort((a, b) => a.email.localeCompare(b.email)), unnamed: [...new Set(unnamed)], emailOfSub };
}

export interface AppliedChange {
  change: PlannedChange;
  capId: string;
  /** the admin_audit row the gateway wrote for it, in the same transaction */
  auditId: string | undefined;
}

export async function applyPlan(admin: SpendLimitsAdmin, plan: CapsPlan): Promise<AppliedChange[]> {
  const since = await admin.newestAuditId();
  const applied: { change: PlannedChange; capId: string }[] = [];
  for (const change of plan.changes) {
    if (change.action === 'delete') {
      await admin.remove(change.liveId as string);
      applied.push({ change, capId: change.liveId as string });
    } else {
      applied.push({ change, capId: await admin.upsert(change.apiScope, change.period, change.amount) });
    }
  }
  if (applied.length === 0) return [];
  const events = await admin.auditSince(since);
  // oldest first, so two changes of one cap id get their own rows in order
  const unclaimed = [...events].reverse();
  return applied.map(({ change, capId }) => {
    const at = unclaimed.findIndex((event) => event.targetId === capId);
    const event = at >= 0 ? unclaimed.splice(at, 1)[0] : undefined;
    return { change, capId, auditId: event?.id };
  });
}

/** Today's live caps as a caps file; users without a known email are left out (and reported). */
export function exportCaps(live: LiveCap[], emailOfSub: Map<string, string>): { file: CapsFile; unnamed: string[] } {
  const file: CapsFile = { organization: {}, groups: {}, users: {} };
  const unnamed: string[] = [];
  for (const cap of live) {
    let target: PeriodCaps;
    if (cap.scope.type === 'organization') target = file.organization;
    else if (cap.scope.type === 'rbac_group') target = file.groups[cap.scope.rbac_group_id] ??= {};
    else {
      const email = emailOfSub.get(cap.scope.user_id);
      if (!email) {
        unnamed.push(scopeKey(cap.scope, emailOfSub));
        continue;
      }
      target = file.users[email] ??= {};
    }
    target[cap.period] = cap.amount;
  }
  return { file, unnamed: [...new Set(unnamed)] };
}

/** A caps file as YAML, in dollars, in the order organization, groups, users. */
export function capsFileYaml(file: CapsFile, header: string[]): string {
  const dollars = (caps: PeriodCaps) =>
    Object.fromEntries(CAP_PERIODS.filter((period) => period in caps).map((period) => [period, caps[period] === null ? null : Number(caps[period]) / 100]));
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  const body: Record<string, unknown> = {};
  if (Object.keys(file.organization).length > 0) body.organization = dollars(file.organization);
  if (Object.keys(file.groups).length > 0) body.groups = sorted(Object.fromEntries(Object.entries(file.groups).map(([name, caps]) => [name, dollars(caps)])));
  if (Object.keys(file.users).length > 0) body.users = sorted(Object.fromEntries(Object.entries(file.users).map(([email, caps]) => [email, dollars(caps)])));
  const yaml = Object.keys(body).length > 0 ? stringify(body, { flowCollectionPadding: true, collectionStyle: 'block' }) : '{}\n';
  return `${header.map((line) => `# ${line}`).join('\n')}\n${yaml}`;
}
