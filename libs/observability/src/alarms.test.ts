import { describe, expect, test } from 'vitest';
import type { AlarmSpec, MetricStat } from './alarm-spec.ts';
import { metricStatsOf } from './alarm-spec.ts';
import { buildAlarms } from './alarms.ts';
import { checkAlarmAgainstCatalog, type CatalogContext } from './check-alarm-against-catalog.ts';
import { renderPromQuery } from './promql.ts';
import { sampleInput } from './testing/sample-input.ts';
import { emfNamespace, EMF_OTEL_LIB } from './telemetry-catalog.ts';

const modes = ['native', 'emf'] as const;
const ctxOf = (mode: (typeof modes)[number]): CatalogContext => ({ collectorMode: mode, stackPrefix: 'acme-gw', bundledCollector: true });

// Returns a copy of the alarm whose first metric (or PromQL label) names a dimension nobody emits.
function withWrongDimension(alarm: AlarmSpec): AlarmSpec {
  const copy = structuredClone(alarm);
  if (copy.kind === 'promql') {
    copy.query.by = ['@resource.session.idx'];
    return copy;
  }
  const stat = metricStatsOf(copy)[0]!;
  if (stat.dimensions.length > 0) stat.dimensions[0] = { ...stat.dimensions[0]!, name: `${stat.dimensions[0]!.name}X` };
  else stat.dimensions.push({ name: 'session.id', value: 'abc' });
  return copy;
}

for (const mode of modes) {
  describe(`${mode} mode`, () => {
    const { alarms } = buildAlarms(sampleInput(mode));

    test.each(alarms.map((a) => [a.id, a] as const))('%s reads a series the collector, a metric filter or AWS emits', (_id, alarm) => {
      expect(checkAlarmAgainstCatalog(alarm, ctxOf(mode))).toEqual([]);
    });

    test.each(alarms.map((a) => [a.id, a] as const))('%s with a mismatched dimension is caught', (_id, alarm) => {
      expect(checkAlarmAgainstCatalog(withWrongDimension(alarm), ctxOf(mode))).not.toEqual([]);
    });

    test('alarm names and ids are unique', () => {
      expect(new Set(alarms.map((a) => a.name)).size).toBe(alarms.length);
      expect(new Set(alarms.map((a) => a.id)).size).toBe(alarms.length);
    });
  });
}

describe('catalog check', () => {
  const decisionReject = (dimensions: MetricStat['dimensions']): AlarmSpec => ({
    id: 'ToolRejections', name: 'tool-rejections', area: 'governance', description: 'x', kind: 'metric',
    metric: { namespace: emfNamespace('acme-gw'), metric: 'claude_code.code_edit_tool.decision', dimensions, stat: 'Sum', periodSeconds: 3600 },
    when: { comparison: 'GreaterThanThreshold', threshold: 25, evaluationPeriods: 1 }, missingData: 'notBreaching',
  });

  test("catches the original's tool-rejection alarm, which left out OTelLib and matched no series", () => {
    const problems = checkAlarmAgainstCatalog(decisionReject([{ name: 'decision', value: 'reject' }]), ctxOf('emf'));
    expect(problems.join()).toContain('[decision, OTelLib]');
    expect(checkAlarmAgainstCatalog(decisionReject([{ name: 'decision', value: 'reject' }, { name: 'OTelLib', value: EMF_OTEL_LIB }]), ctxOf('emf'))).toEqual([]);
  });

  test('catches a wrong OTelLib value, a gauge statistic on a counter, and a classic alarm on native telemetry', () => {
    const wrongLib = decisionReject([{ name: 'decision', value: 'reject' }, { name: 'OTelLib', value: 'claude_code' }]);
    expect(checkAlarmAgainstCatalog(wrongLib, ctxOf('emf'))).toHaveLength(1);
    const average = structuredClone(decisionReject([{ name: 'decision', value: 'reject' }, { name: 'OTelLib', value: EMF_OTEL_LIB }]));
    if (average.kind === 'metric') average.metric.stat = 'Average';
    expect(checkAlarmAgainstCatalog(average, ctxOf('emf')).join()).toContain('counter');
    expect(checkAlarmAgainstCatalog(decisionReject([{ name: 'decision', value: 'reject' }, { name: 'OTelLib', value: EMF_OTEL_LIB }]), ctxOf('native')).join()).toContain('not emitted in native mode');
  });

  test('catches an AWS dimension fed from the wrong resource', () => {
    const alarm = buildAlarms(sampleInput('native')).alarms.find((a) => a.id === 'RdsCpuHigh')!;
    const copy = structuredClone(alarm);
    if (copy.kind === 'metric') copy.metric.dimensions = [{ name: 'DBInstanceIdentifier', value: { resource: 'clusterName' } }];
    expect(checkAlarmAgainstCatalog(copy, ctxOf('native')).join()).toContain('dbInstanceIdentifier');
  });
});

describe('spend alarms', () => {
  test('native mode watches every user and team with one PromQL alarm each, users as contributors', () => {
    const { alarms } = buildAlarms(sampleInput('native'));
    const anyUser = alarms.find((a) => a.id === 'AnyUserDailyCost');
    expect(anyUser?.kind === 'promql' && renderPromQuery(anyUser.query)).toBe(
      'sum by ("user.email") (sum_over_time({"claude_code.cost.usage"}[1d])) > 88',
    );
    const team = alarms.find((a) => a.id === 'TeamDailyCostPlatform');
    expect(team?.kind === 'promql' && renderPromQuery(team.query)).toBe(
      'sum (sum_over_time({"claude_code.cost.usage", "user.groups"=~"(.*,\\\\s*)?platform(\\\\s*,.*)?"}[1d])) > 200',
    );
  });

  test('cap warnings fire at 80 % and 90 % of each daily cap', () => {
    const { alarms } = buildAlarms(sampleInput('native'));
    const thresholds = alarms
      .filter((a) => a.name.startsWith('spend-cap-'))
      .map((a) => [a.name, a.kind === 'promql' ? a.query.threshold : undefined]);
    expect(thresholds).toEqual([
      ['spend-cap-org-80pct', 80], ['spend-cap-org-90pct', 90],
      ['spend-cap-group-contractors-80pct', 16], ['spend-cap-group-contractors-90pct', 18],
      ['spend-cap-user-bo-example-com-80pct', 240], ['spend-cap-user-bo-example-com-90pct', 270],
    ]);
  });

  test('emf mode alarms per listed user and says what it cannot watch', () => {
    const { alarms, notes } = buildAlarms(sampleInput('emf'));
    const names = alarms.filter((a) => a.area === 'spend').map((a) => a.name);
    expect(names).toContain('user-daily-cost-ana-example-com');
    expect(names).toContain('spend-cap-org-80pct-ana-example-com');
    expect(names).not.toContain('user-daily-cost');
    expect(notes.join('\n')).toContain('group contractors');
    const unlisted = buildAlarms(sampleInput('emf', { thresholds: { ...sampleInput('emf').thresholds, users: [] } }));
    expect(unlisted.notes.join('\n')).toContain('USER_DAILY_THRESHOLDS_USD');
  });

  test('without the bundled collector there are no spend or telemetry alarms, and a note says why', () => {
    const { alarms, notes } = buildAlarms(sampleInput('native', { bundledCollector: false }));
    expect(alarms.filter((a) => a.area === 'spend' || a.area === 'telemetry')).toEqual([]);
    expect(notes.join()).toContain('ENABLE_COLLECTOR');
  });
});

describe('gateway alarms', () => {
  test('cover 5xx rate, unhealthy targets, crash loop, RDS storage and CPU, certificate expiry', () => {
    const ids = buildAlarms(sampleInput('native')).alarms.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['Alb5xxRate', 'UnhealthyTargets', 'TasksBelowDesired', 'RdsFreeStorageLow', 'RdsCpuHigh', 'CertificateExpiring']));
  });

  test('crash loop means running below desired for 10 one-minute periods', () => {
    const alarm = buildAlarms(sampleInput('native')).alarms.find((a) => a.id === 'TasksBelowDesired');
    expect(alarm?.kind === 'math' && [alarm.periodSeconds * alarm.when.evaluationPeriods, alarm.when.datapointsToAlarm]).toEqual([600, undefined]);
  });

  test('no certificate alarm in self-signed mode', () => {
    const { alarms, notes } = buildAlarms(sampleInput('native', { certificateInAcm: false }));
    expect(alarms.map((a) => a.id)).not.toContain('CertificateExpiring');
    expect(notes.join()).toContain('self-signed');
  });

  test('"telemetry missing" requires a busy gateway, so quiet nights cannot trip it', () => {
    const alarm = buildAlarms(sampleInput('emf')).alarms.find((a) => a.id === 'TelemetryMissing');
    expect(alarm?.kind).toBe('math');
    if (alarm?.kind !== 'math') return;
    expect(alarm.missingData).toBe('notBreaching');
    expect(alarm.expression).toMatch(/^IF\(FILL\(inference, 0\) >= \d+ AND FILL\(cli, 0\) >= \d+ AND FILL\(telemetry, 0\) == 0, 1, 0\)$/);
  });
});
