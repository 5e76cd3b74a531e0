// Reads CAPS_FILE: the spend caps the gateway's admin API should hold, as code. Dollars per
// period for the organisation, IdP groups and users by email; null means "unlimited" (a cap
// row that lifts a group or organisation cap for that scope). Each problem at its file:line.
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { ProfileProblem } from './profile-problem.ts';

export const CAP_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

/** Whole US cents as the admin API takes them ("500" = $5), or null for unlimited. */
export type CapCents = string | null;
export type PeriodCaps = Partial<Record<CapPeriod, CapCents>>;

export interface CapsFile {
  organization: PeriodCaps;
  groups: Record<string, PeriodCaps>;
  /** keyed by lower-case email; never by OIDC subject */
  users: Record<string, PeriodCaps>;
}

// the largest cap that still reads as a sensible number of dollars; guards against typos
const MAX_DOLLARS = 10_000_000;

/** Dollars with at most two decimals → whole cents; sub-cent values are refused, not rounded. */
export function dollarsToCents(dollars: number): string | undefined {
  const cents = Math.round(dollars * 100);
  if (Math.abs(cents - dollars * 100) > 1e-6) return undefined;
  return String(cents);
}

export function centsToDollars(cents: string): number {
  return Number(cents) / 100;
}

const amount = z.union([
  z.null(),
  z
    .number()
    .min(0, 'is negative; a cap is 0 (blocks everything) or more dollars')
    .max(MAX_DOLLARS, `is over ${MAX_DOLLARS} dollars`)
    .refine((usd) => dollarsToCents(usd) !== undefined, 'has a fraction of a cent; the gateway counts whole cents, so use at most two decimals'),
]);
const periods = z.strictObject({ daily: amount.optional(), weekly: amount.optional(), monthly: amount.optional() });
const groupName = /^[^\s,]+$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FILE_KEYS = ['organization', 'groups', 'users'] as const;
const fileSchema = z.strictObject({
  organization: periods.nullish(),
  groups: z.record(z.string(), periods).nullish(),
  users: z.record(z.string(), periods).nullish(),
});

export function readCapsFile(path: string, text: string, variable = 'CAPS_FILE'): { caps: CapsFile; problems: ProfileProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const empty: CapsFile = { organization: {}, groups: {}, users: {} };
  const problem = (message: string, fix: string, offset?: number): ProfileProblem => ({
    variable, message, fix, where: offset === undefined ? path : `${path}:${lineCounter.linePos(offset).line}`,
  });
  if (doc.errors.length > 0) {
    return { caps: empty, problems: doc.errors.map((e) => problem(`is not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax', e.pos[0])) };
  }
  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return {
      caps: empty,
      problems: parsed.error.issues.flatMap((issue) => {
        const fix = 'write caps as in docs/caps.md: organization, groups and users (by email), each with daily, weekly or monthly in dollars';
        if (issue.code !== 'unrecognized_keys') return [problem(`${issue.path.join('.') || 'the file'} ${issue.message}`, fix, offsetOf(doc, issue.path))];
        // a slip of a letter or two gets the key it probably meant, as in POLICIES_FILE
        const keys: readonly string[] = issue.path.length === 0 ? FILE_KEYS : CAP_PERIODS;
        return issue.keys.map((key) => {
          const meant = closest(key, keys as string[]);
          const near = distance(key, meant) <= Math.max(2, Math.floor(key.length / 4));
          return problem(`${issue.path.join('.') || 'the file'} has the key "${key}", which is not one of ${keys.join(', ')}`, `${near ? `did you mean "${meant}"? ` : ''}${fix}`, offsetOf(doc, [...issue.path, key]));
        });
      }),
    };
  }
  const toCents = (caps: z.infer<typeof periods> | null | undefined): PeriodCaps =>
    Object.fromEntries(CAP_PERIODS.filter((p) => caps?.[p] !== undefined).map((p) => [p, caps?.[p] === null ? null : (dollarsToCents(caps?.[p] as number) as string)]));
  const problems: ProfileProblem[] = [];
  const users: Record<string, PeriodCaps> = {};
  for (const name of Object.keys(parsed.data.groups ?? {})) {
    if (!groupName.test(name)) problems.push(problem(`groups.${name} is not an IdP group name`, 'write the group as the IdP sends it in the groups claim (no spaces or commas)', offsetOf(doc, ['groups', name])));
  }
  for (const [address, caps] of Object.entries(parsed.data.users ?? {})) {
    const key = address.toLowerCase();
    if (!email.test(key)) problems.push(problem(`users.${address} is not an email address`, 'name each user by the email they sign in with, never by OIDC subject (cagw resolves it through the gateway)', offsetOf(doc, ['users', address])));
    if (key in users) problems.push(problem(`users names ${key} twice (emails are compared without case)`, 'keep one entry per user', offsetOf(doc, ['users', address])));
    users[key] = toCents(caps);
  }
  const groups = Object.fromEntries(Object.entries(parsed.data.groups ?? {}).map(([name, caps]) => [name, toCents(caps)]));
  return { caps: { organization: toCents(parsed.data.organization), groups, users }, problems };
}

/** The daily caps, as the alarms' `org` / `group:<name>` / `user:<email>` = USD list (unlimited and zero caps have nothing to warn about). */
export function dailyCapsForAlarms(caps: CapsFile): { key: string; usd: number }[] {
  const daily = (key: string, periodCaps: PeriodCaps) => {
    const cents = periodCaps.daily;
    return typeof cents === 'string' && cents !== '0' ? [{ key, usd: centsToDollars(cents) }] : [];
  };
  return [
    ...daily('org', caps.organization),
    ...Object.entries(caps.groups).flatMap(([name, c]) => daily(`group:${name}`, c)),
    ...Object.entries(caps.users).flatMap(([address, c]) => daily(`user:${address}`, c)),
  ];
}

function offsetOf(doc: Document, path: PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth).map((k) => (typeof k === 'symbol' ? String(k) : k)), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}
