// Profile variables this library adds, parsed from their raw strings until the profile
// schema carries them. Each is a comma list of `key=USD` pairs; problems are reported all at
// once in the profile's own problem shape.
import type { ProfileProblem } from '@cagw/profile';
import type { DailySpendCap } from './observability-input.ts';

export const OBSERVABILITY_VARIABLES = {
  USER_DAILY_THRESHOLDS_USD: 'users with their own daily spend alarm: email=USD, comma separated (ana@example.com=150,bo@example.com=60)',
  TEAM_DAILY_THRESHOLDS_USD: 'IdP groups with a daily team spend alarm: group=USD, comma separated (platform=200,contractors=50)',
  DAILY_SPEND_CAPS_USD: 'the daily caps set through the admin API, to warn before they block: org=USD, group:<name>=USD, user:<email>=USD',
  SPEND_CAP_WARN_PERCENTS: 'percentages of each daily cap that raise an early warning (default 80,90)',
} as const;
export type ObservabilityVariable = keyof typeof OBSERVABILITY_VARIABLES;

const EMAIL = /^[^\s@,=]+@[^\s@,=]+\.[^\s@,=]+$/;
const GROUP = /^[^\s,=]+$/;

interface Pair {
  key: string;
  usd: number;
}

function parsePairs(variable: ObservabilityVariable, raw: string | undefined, keyOk: (key: string) => string | undefined, fixExample: string, problems: ProfileProblem[]): Pair[] {
  if (raw === undefined || raw.trim() === '') return [];
  const pairs: Pair[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = item.lastIndexOf('=');
    const key = at > 0 ? item.slice(0, at).trim() : '';
    const amount = at > 0 ? item.slice(at + 1).trim() : '';
    const keyProblem = key === '' ? 'has no name before "="' : keyOk(key);
    if (keyProblem) {
      problems.push({ variable: variable, value: item, message: keyProblem, fix: `write ${fixExample}` });
      continue;
    }
    if (!/^\d+(\.\d+)?$/.test(amount) || Number(amount) <= 0) {
      problems.push({ variable: variable, value: item, message: 'has no positive USD amount after "="', fix: `write ${fixExample}` });
      continue;
    }
    if (pairs.some((p) => p.key === key)) {
      problems.push({ variable: variable, value: item, message: `names ${key} twice`, fix: 'keep one entry per name' });
      continue;
    }
    pairs.push({ key, usd: Number(amount) });
  }
  return pairs;
}

export interface ParsedObservabilityVariables {
  users: { email: string; dailyUsd: number }[];
  teams: { group: string; dailyUsd: number }[];
  dailySpendCaps: DailySpendCap[];
  capWarningPercents: number[];
  problems: ProfileProblem[];
}

export function parseObservabilityVariables(raw: Readonly<Partial<Record<ObservabilityVariable, string>>>): ParsedObservabilityVariables {
  const problems: ProfileProblem[] = [];
  const users = parsePairs('USER_DAILY_THRESHOLDS_USD', raw.USER_DAILY_THRESHOLDS_USD, (k) => (EMAIL.test(k) ? undefined : `"${k}" is not an email address`), 'ana@example.com=150', problems)
    .map((p) => ({ email: p.key, dailyUsd: p.usd }));
  const teams = parsePairs('TEAM_DAILY_THRESHOLDS_USD', raw.TEAM_DAILY_THRESHOLDS_USD, (k) => (GROUP.test(k) ? undefined : `"${k}" is not a group name`), 'platform=200', problems)
    .map((p) => ({ group: p.key, dailyUsd: p.usd }));
  const dailySpendCaps = parsePairs('DAILY_SPEND_CAPS_USD', raw.DAILY_SPEND_CAPS_USD, capKeyProblem, 'org=100,group:contractors=20,user:ana@example.com=300', problems).map(toCap);

  let capWarningPercents = [80, 90];
  const percents = raw.SPEND_CAP_WARN_PERCENTS?.trim();
  if (percents) {
    const values = percents.split(',').map((s) => s.trim());
    if (values.every((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 99)) capWarningPercents = [...new Set(values.map(Number))].sort((a, b) => a - b);
    else problems.push({ variable: 'SPEND_CAP_WARN_PERCENTS', value: percents, message: 'is not a list of whole percentages from 1 to 99', fix: 'write e.g. 80,90' });
  }
  return { users, teams, dailySpendCaps, capWarningPercents, problems };
}

function capKeyProblem(key: string): string | undefined {
  if (key === 'org') return undefined;
  const [scope, subject = ''] = key.split(/:(.*)/s);
  if (scope === 'group' && GROUP.test(subject)) return undefined;
  if (scope === 'user' && EMAIL.test(subject)) return undefined;
  return `"${key}" is not org, group:<name> or user:<email>`;
}

function toCap(p: Pair): DailySpendCap {
  if (p.key === 'org') return { scope: 'organization', amountUsd: p.usd };
  const [scope, subject = ''] = p.key.split(/:(.*)/s);
  return { scope: scope === 'group' ? 'group' : 'user', subject, amountUsd: p.usd };
}
