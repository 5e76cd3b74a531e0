// Where each alarm's runbook is: a section of docs/runbooks.md (what fired, what to look at,
// what to do), named at the end of the alarm's description so the notification says where to
// start. Alarms made per user, team or cap share their family's section.
import type { AlarmSpec } from './alarm-spec.ts';

export const RUNBOOK_PAGE = 'docs/runbooks.md';

const FAMILIES: [RegExp, string][] = [
  [/^DailyCost$/, 'daily-cost'],
  [/^(Any)?UserDailyCost/, 'user-daily-cost'],
  [/^TeamDailyCost/, 'team-daily-cost'],
  [/^SpendCap/, 'spend-cap-warning'],
];

/** The runbook section (a heading of docs/runbooks.md) for an alarm. */
export function runbookSection(alarm: Pick<AlarmSpec, 'id' | 'name'>): string {
  return FAMILIES.find(([pattern]) => pattern.test(alarm.id))?.[1] ?? alarm.name;
}

/** The description CloudWatch shows and mails: the symptom, then where its runbook is. */
export function describeWithRunbook(alarm: Pick<AlarmSpec, 'id' | 'name' | 'description'>): string {
  return `${alarm.description}. Runbook: ${RUNBOOK_PAGE}#${runbookSection(alarm)}`;
}
