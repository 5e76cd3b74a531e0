// Alarms and dashboards address attributes where the real gateway delivers them: checked
// against an export the pinned gateway relayed (testing/fixtures, see its README).
import { describe, expect, test } from 'vitest';
import { buildAlarms } from './alarms.ts';
import { SAVED_QUERIES, teamSpendQuery, WIDGET_QUERIES } from './logs-queries.ts';
import { recordedEventPlacements, recordedMetricPlacements, RECORDED_RESOURCE_ENV_KEYS } from './testing/recorded-otlp.ts';
import { sampleInput } from './testing/sample-input.ts';
import { CLIENT_METRICS, promLabel, STANDARD_ATTRIBUTES } from './telemetry-catalog.ts';

const metrics = recordedMetricPlacements();
const events = recordedEventPlacements();
const cost = metrics.get(CLIENT_METRICS.costUsage.name)!;
const fromResourceEnv = (key: string) => RECORDED_RESOURCE_ENV_KEYS.includes(key);

describe('where the recording puts attributes', () => {
  test('the recording holds the CLI export of cost.usage and its api_request event', () => {
    expect(cost).toBeDefined();
    expect(events.has('claude_code.api_request')).toBe(true);
  });
});

describe('PromQL labels follow the recording', () => {
  test('every standard attribute the CLI sent is a data-point attribute, so a bare label', () => {
    const standard: readonly string[] = STANDARD_ATTRIBUTES;
    const sent = [...cost.point].filter((k) => standard.includes(k) && !fromResourceEnv(k));
    expect(sent).toEqual(expect.arrayContaining(['user.id', 'session.id', 'terminal.type']));
    for (const key of sent) {
      expect(cost.resource.has(key), `${key} on the resource`).toBe(false);
      expect(promLabel(key)).toBe(key);
    }
  });

  test('what the CLI puts on the resource is addressed as @resource.', () => {
    const resourceOnly = [...cost.resource].filter((k) => !cost.point.has(k));
    expect(resourceOnly).toContain('service.name');
    for (const key of resourceOnly) expect(promLabel(key)).toBe(`@resource.${key}`);
  });

  test('every label of every native alarm is where the recording (or the standard attribute list) puts it', () => {
    const { alarms } = buildAlarms(sampleInput('native'));
    const labels = alarms.flatMap((a) => (a.kind === 'promql' ? [...a.query.by, ...a.query.matchers.map((m) => m.label)] : []));
    expect(labels).toEqual(expect.arrayContaining(['user.email', 'user.groups']));
    const standard: readonly string[] = STANDARD_ATTRIBUTES;
    for (const label of labels) {
      // a key the CLI got from OTEL_RESOURCE_ATTRIBUTES says nothing about where the CLI puts identity
      const onResource = (key: string) => cost.resource.has(key) && !fromResourceEnv(key);
      if (label.startsWith('@resource.')) expect(onResource(label.slice('@resource.'.length)), label).toBe(true);
      else expect(standard.includes(label) || cost.point.has(label) || label === 'decision', label).toBe(true);
    }
  });
});

describe('Logs Insights queries follow the recording', () => {
  const apiRequest = events.get('claude_code.api_request')!;
  const queries = [...Object.values(WIDGET_QUERIES), ...SAVED_QUERIES, teamSpendQuery('platform')].filter(
    (q) => q.source === 'events' && q.query.includes('claude_code.api_request'),
  );

  test.each(queries.map((q) => [q.id, q] as const))('%s reads only attributes api_request events carry', (_id, query) => {
    const read = [...query.query.matchAll(/attributes\.([\w.]+)/g)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThan(0);
    for (const key of read) {
      // identity is on every record of a gateway sign-in; the recording's CLI was not signed in through /login
      if ((STANDARD_ATTRIBUTES as readonly string[]).includes(key)) continue;
      expect(apiRequest.point.has(key), key).toBe(true);
    }
  });
});
