// The difference between the caps file and the live caps: what `cagw caps apply` will create,
// change and delete (deletes only with prune), and which users cannot be capped yet because the
// gateway has never seen them. Pure: the live caps and the email ↔ subject map come in.
import { CAP_PERIODS, centsToDollars, type CapCents, type CapPeriod, type CapsFile } from '@cagw/profile';
import type { ApiScope, KnownPrincipal, LiveCap } from './spend-limits-admin.ts';

/** Dollars, "unlimited" for an explicit unlimited cap, or null for no cap at all. */
export type CapValue = number | 'unlimited' | null;

export interface CapChange {
  action: 'create' | 'change' | 'delete';
  /** organization, group:<name>, user:<email> (or user-sub:<subject> for a cap whose user the gateway has no email for) */
  scope: string;
  period: CapPeriod;
  from: CapValue;
  to: CapValue;
}

/** A change with what the API needs to make it; the subject never leaves cagw's memory. */
export interface PlannedChange extends CapChange {
  apiScope: ApiScope;
  amount: CapCents;
  /** the live cap a change or delete acts on */
  liveId?: string;
}

export interface PendingUser {
  email: string;
  reason: string;
}

export interface CapsPlan {
  changes: PlannedChange[];
  pending: PendingUser[];
  /** live caps the file does not mention, kept because prune is off */
  kept: CapChange[];
}

export interface PlanInput {
  file: CapsFile;
  live: LiveCap[];
  /** the gateway's subject for each file email it could resolve (lower-case email → principal) */
  users: Map<string, KnownPrincipal>;
  /** the email of each live user cap's subject, where the gateway knows it */
  emailOfSub: Map<string, string>;
  prune: boolean;
}

export function valueOf(amount: CapCents | undefined): CapValue {
  if (amount === undefined) return null;
  return amount === null ? 'unlimited' : centsToDollars(amount);
}

export function scopeKey(scope: ApiScope, emailOfSub: Map<string, string>): string {
  if (scope.type === 'organization') return 'organization';
  if (scope.type === 'rbac_group') return `group:${scope.rbac_group_id}`;
  const email = emailOfSub.get(scope.user_id);
  return email ? `user:${email}` : `user-sub:${scope.user_id}`;
}

export function planCaps(input: PlanInput): CapsPlan {
  const liveByKey = new Map(input.live.map((cap) => [`${scopeKey(cap.scope, input.emailOfSub)}|${cap.period}`, cap]));
  const wanted: { key: string; apiScope: ApiScope; caps: CapsFile['organization'] }[] = [
    { key: 'organization', apiScope: { type: 'organization' }, caps: input.file.organization },
    ...Object.entries(input.file.groups).map(([name, caps]) => ({ key: `group:${name}`, apiScope: { type: 'rbac_group', rbac_group_id: name } as ApiScope, caps })),
  ];
  const pending: PendingUser[] = [];
  const pendingKeys = new Set<string>();
  for (const [email, caps] of Object.entries(input.file.users)) {
    const principal = input.users.get(email);
    if (principal) wanted.push({ key: `user:${email}`, apiScope: { type: 'user', user_id: principal.sub }, caps });
    else {
      pending.push({ email, reason: 'the gateway has no record of this user yet (no sign-in with a request since spend was last kept): capped after their first request, by running cagw caps apply again' });
      pendingKeys.add(`user:${email}`);
    }
  }

  const changes: PlannedChange[] = [];
  const mentioned = new Set<string>();
  for (const { key, apiScope, caps } of wanted) {
    for (const period of CAP_PERIODS) {
      if (!(period in caps)) continue;
      const amount = caps[period] as CapCents;
      const live = liveByKey.get(`${key}|${period}`);
      mentioned.add(`${key}|${period}`);
      if (!live) changes.push({ action: 'create', scope: key, period, from: null, to: valueOf(amount), apiScope, amount });
      else if (live.amount !== amount) changes.push({ action: 'change', scope: key, period, from: valueOf(live.amount), to: valueOf(amount), apiScope, amount, liveId: live.id });
    }
  }
  const kept: CapChange[] = [];
  for (const [mapKey, live] of liveByKey) {
    const scope = mapKey.slice(0, mapKey.lastIndexOf('|'));
    // a pending user's own caps cannot be live (the gateway would know them), and the file still wants them
    if (mentioned.has(mapKey) || pendingKeys.has(scope)) continue;
    const removal = { action: 'delete' as const, scope, period: live.period, from: valueOf(live.amount), to: null };
    if (input.prune) changes.push({ ...removal, apiScope: live.scope, amount: null, liveId: live.id });
    else kept.push(removal);
  }
  return { changes, pending, kept };
}

/** What a plan says on the wire (--json): the subject and the cap ids stay out. */
export function publicChange(change: PlannedChange): CapChange {
  const { action, scope, period, from, to } = change;
  return { action, scope, period, from, to };
}

/**
 * The cap each known principal ends up with per period after the plan, as the gateway resolves
 * it (gateway-config.md §6): the user's own cap, else the most restrictive of their groups' caps
 * (group_limit_mode min, the default), else the organisation's, else unlimited.
 */
export function effectiveCap(caps: Map<string, CapCents>, principal: { email: string; groups: string[] }, period: CapPeriod): CapValue {
  const own = caps.get(`user:${principal.email}|${period}`);
  if (own !== undefined) return valueOf(own);
  const groupCaps = principal.groups.map((group) => caps.get(`group:${group}|${period}`)).filter((cap): cap is CapCents => cap !== undefined);
  if (groupCaps.length > 0) {
    const limited = groupCaps.filter((cap): cap is string => cap !== null).map(Number);
    return limited.length === 0 ? 'unlimited' : centsToDollars(String(Math.min(...limited)));
  }
  const org = caps.get(`organization|${period}`);
  return org === undefined ? 'unlimited' : valueOf(org);
}

/** The caps the gateway holds once the plan is applied, by `scope|period`. */
export function capsAfter(live: LiveCap[], plan: CapsPlan, emailOfSub: Map<string, string>): Map<string, CapCents> {
  const after = new Map(live.map((cap) => [`${scopeKey(cap.scope, emailOfSub)}|${cap.period}`, cap.amount]));
  for (const change of plan.changes) {
    if (change.action === 'delete') after.delete(`${change.scope}|${change.period}`);
    else after.set(`${change.scope}|${change.period}`, change.amount);
  }
  return after;
}
