import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { renderAlarmResource } from './alarm-resources.ts';
import { describeWithRunbook, runbookSection } from './alarm-runbooks.ts';
import { buildAlarms } from './alarms.ts';
import { sampleInput } from './testing/sample-input.ts';

const runbooks = readFileSync(fileURLToPath(new URL('../../../docs/runbooks.md', import.meta.url)), 'utf8');
/** each `## name` section with its text up to the next one */
const sections = new Map(runbooks.split(/^## /m).slice(1).map((part) => [part.slice(0, part.indexOf('\n')).trim(), part]));
// every kind of alarm: both collector modes, every threshold, the bundled collector
const alarms = [...buildAlarms(sampleInput('native')).alarms, ...buildAlarms(sampleInput('emf')).alarms];

test('every alarm has a runbook section that says what fired, what to look at and what to do', () => {
  expect(alarms.length).toBeGreaterThan(15);
  const missing = [...new Set(alarms.map((alarm) => `${alarm.id} -> ${runbookSection(alarm)}`).filter((entry) => !sections.has(entry.split(' -> ')[1]!)))];
  expect(missing, 'add a "## <section>" to docs/runbooks.md (or a family in alarm-runbooks.ts)').toEqual([]);
  for (const section of new Set(alarms.map(runbookSection))) {
    expect(sections.get(section), section).toMatch(/- What fired: [\s\S]*- What to look at: [\s\S]*- What to do: /);
  }
});

test("the deployed alarm's description ends with the link to its section, within CloudWatch's 1,024 characters", () => {
  for (const alarm of alarms) {
    const resource = renderAlarmResource(alarm, 'acme-gw', { Ref: 'AlarmTopic' }) as { Properties: { AlarmDescription: string } };
    expect(resource.Properties.AlarmDescription).toBe(describeWithRunbook(alarm));
    expect(resource.Properties.AlarmDescription).toMatch(new RegExp(`Runbook: docs/runbooks\\.md#${runbookSection(alarm)}$`));
    expect(resource.Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
  }
  const perUser = alarms.find((alarm) => alarm.id.startsWith('UserDailyCost'));
  expect(perUser && runbookSection(perUser)).toBe('user-daily-cost');
});
