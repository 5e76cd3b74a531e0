import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDashboardBody } from '@cagw/observability';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));

async function run(...argv: string[]) {
  const io = createRecordingIo();
  return { code: await main(argv, io), out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('writes every dashboard body, its SVG preview, the alarms, saved queries, template and collector config', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cagw-dashboards-'));
  const { code, out: stdout } = await run('dashboards', '--profile', `${profiles}managed-newcognito-collector-vpn.env`, '--out', out);
  expect(code).toBe(0);
  expect(readdirSync(out).sort()).toEqual([
    'alarms.json',
    'claude-gateway-governance.json', 'claude-gateway-governance.svg',
    'claude-gateway-operations.json', 'claude-gateway-operations.svg',
    'claude-gateway-usage.json', 'claude-gateway-usage.svg',
    'collector-config.yaml', 'observability.yaml', 'saved-queries.json',
  ]);
  expect(stdout).toMatch(/dashboard claude-gateway-operations: \d+ widgets/);

  const ctx = { collectorMode: 'native' as const, stackPrefix: 'claude-gateway', bundledCollector: true };
  for (const name of ['usage', 'governance', 'operations']) {
    const body = JSON.parse(readFileSync(join(out, `claude-gateway-${name}.json`), 'utf8'));
    expect(checkDashboardBody(body, ctx)).toEqual([]);
    const svg = readFileSync(join(out, `claude-gateway-${name}.svg`), 'utf8');
    expect(svg.match(/<g data-type=/g)).toHaveLength(body.widgets.length);
  }
  const alarms = JSON.parse(readFileSync(join(out, 'alarms.json'), 'utf8'));
  expect(alarms.alarms.map((a: { alarmName: string }) => a.alarmName)).toContain('claude-gateway-daily-cost');
  expect(alarms.alarms.find((a: { id: string }) => a.id === 'DailyCost').promql).toBe('sum (sum_over_time({"claude_code.cost.usage"}[1d])) > 500');
  expect(parse(readFileSync(join(out, 'observability.yaml'), 'utf8')).Parameters).toHaveProperty('DBInstanceIdentifier');
});

test('the new threshold variables in a profile become alarms; --json lists them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-dashboards-'));
  const profile = join(dir, 'caps.env');
  writeFileSync(profile, `${readFileSync(`${profiles}managed-newcognito-collector-vpn.env`, 'utf8')}\nALARM_EMAIL=oncall@example.com\nTEAM_DAILY_THRESHOLDS_USD=platform=200\nDAILY_SPEND_CAPS_USD=org=100\n`);
  const { code, out } = await run('dashboards', '--profile', profile, '--out', join(dir, 'out'), '--json');
  expect(code).toBe(0);
  const doc = JSON.parse(out);
  expect(doc.alarms).toEqual(expect.arrayContaining(['claude-gateway-team-daily-cost-platform', 'claude-gateway-spend-cap-org-80pct', 'claude-gateway-spend-cap-org-90pct']));
  expect(doc.dashboards.map((d: { name: string }) => d.name)).toEqual(['claude-gateway-usage', 'claude-gateway-governance', 'claude-gateway-operations']);
});

test('a bad threshold variable exits 1 naming the variable and the entry, and writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-dashboards-'));
  const profile = join(dir, 'bad.env');
  writeFileSync(profile, `${readFileSync(`${profiles}managed-newcognito-collector-vpn.env`, 'utf8')}\nUSER_DAILY_THRESHOLDS_USD=ana=150\n`);
  const { code, err } = await run('dashboards', '--profile', profile, '--out', join(dir, 'out'));
  expect(code).toBe(1);
  expect(err).toContain('USER_DAILY_THRESHOLDS_USD "ana=150"');
  expect(readdirSync(dir)).toEqual(['bad.env']);
});
