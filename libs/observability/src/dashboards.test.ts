import { describe, expect, test } from 'vitest';
import { checkDashboardBody } from './check-dashboard-body.ts';
import type { DashboardBody, Widget } from './dashboard-body.ts';
import { renderDashboardSvg, SVG_COLUMN_PX } from './dashboard-svg.ts';
import { flowLayout, searchRow, textWidget } from './dashboard-widgets.ts';
import { buildDashboards } from './dashboards.ts';
import { expectedResourceNames, type ObservabilityInput, type ObservedResources } from './observability-input.ts';
import { sampleInput } from './testing/sample-input.ts';

const ctxOf = (input: ObservabilityInput) => ({ collectorMode: input.collectorMode, stackPrefix: input.stackPrefix, bundledCollector: input.bundledCollector });

// Resource names nothing in the library could have guessed, to prove none is hard-coded.
const odd: ObservedResources = {
  loadBalancerFullName: 'app/odd-lb/1', targetGroupFullName: 'targetgroup/odd-tg/2', clusterName: 'odd-cluster', serviceName: 'odd-service',
  gatewayLogGroupName: '/odd/gateway-log', dbInstanceIdentifier: 'odd-db', certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/odd',
  collectorLogGroupName: '/odd/collector-log', eventsLogGroupName: '/odd/events-log', emfLogGroupName: '/odd/emf-log',
};

const variants = {
  'native with events': sampleInput('native'),
  'emf with events': sampleInput('emf'),
  'native, no collector, self-signed': sampleInput('native', { bundledCollector: false, certificateInAcm: false }),
  'emf without FORWARD_LOGS': sampleInput('emf', { forwardLogs: false }),
};

describe.each(Object.entries(variants))('%s', (_name, input) => {
  const dashboards = buildDashboards(input, odd);

  test.each(dashboards.map((d) => [d.name, d] as const))('%s passes the dashboard body check', (_n, dashboard) => {
    expect(checkDashboardBody(dashboard.body, ctxOf(input))).toEqual([]);
  });

  test('log widgets read only the log groups of this deployment', () => {
    const sources = dashboards.flatMap((d) => d.body.widgets).flatMap((w) => (w.type === 'log' ? [/^SOURCE '([^']+)'/.exec(w.properties.query)![1]] : []));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(['/odd/gateway-log', '/odd/events-log']).toContain(source);
    expect(JSON.stringify(dashboards)).not.toContain('claude-gateway');
  });

  test('every metric widget names the region', () => {
    for (const w of dashboards.flatMap((d) => d.body.widgets)) if (w.type !== 'text') expect(w.properties.region).toBe('eu-west-1');
  });
});

describe('what each dashboard answers', () => {
  const titles = (input: ObservabilityInput, index: number) =>
    buildDashboards(input, odd)[index]!.body.widgets.map((w) => (w.type === 'text' ? w.properties.markdown : w.properties.title)).join('\n');

  test('usage: spend by user, model and team, from events; plus EMF graphs in emf mode', () => {
    const native = titles(sampleInput('native'), 0);
    expect(native).toMatch(/Spend by user/);
    expect(native).toMatch(/Spend by model/);
    expect(native).toMatch(/Team platform/);
    expect(native).toMatch(/Coding Agent Insights/);
    expect(titles(sampleInput('emf'), 0)).toMatch(/Tokens by type/);
    expect(titles(sampleInput('native', { forwardLogs: false }), 0)).toMatch(/need FORWARD_LOGS=true/);
  });

  test('governance: tool decisions by tool and source, rejections, sign-ins, upstream errors, per-team spend', () => {
    const t = titles(sampleInput('emf'), 1);
    for (const expected of [/by tool/, /by source/, /Top users by tool rejections/, /Sign-in events by outcome/, /Recent upstream errors/, /group list/, /accept vs reject/]) {
      expect(t).toMatch(expected);
    }
  });

  test('operations: ALB, ECS, RDS, certificate', () => {
    const t = titles(sampleInput('native'), 2);
    for (const expected of [/ALB requests/, /4xx and 5xx/, /response time/, /Healthy/, /running vs desired/, /CPU and memory/, /task starts/, /Database CPU/, /connections/, /free storage/, /days to expiry/]) {
      expect(t).toMatch(expected);
    }
    expect(titles(sampleInput('native', { certificateInAcm: false }), 2)).not.toMatch(/days to expiry/);
  });
});

describe('the dashboard body check catches', () => {
  const input = sampleInput('emf');
  const ctx = ctxOf(input);
  const good = () => structuredClone(buildDashboards(input, expectedResourceNames(input))[2]!.body) as DashboardBody;
  const firstMetric = (body: DashboardBody) => body.widgets.find((w) => w.type === 'metric')! as Extract<Widget, { type: 'metric' }>;
  const firstLog = (body: DashboardBody) => body.widgets.find((w) => w.type === 'log')! as Extract<Widget, { type: 'log' }>;
  const cases: [string, (b: DashboardBody) => void, RegExp][] = [
    ['an unknown widget type', (b) => ((b.widgets[0] as { type: string }).type = 'graph'), /type/],
    ['a widget past column 24', (b) => ((b.widgets[1]!.x = 20), (b.widgets[1]!.width = 8)), /past the 24-column grid|overlaps/],
    ['a width over 24', (b) => (b.widgets[0]!.width = 25), /width/],
    ['overlapping widgets', (b) => ((b.widgets[2]!.x = b.widgets[1]!.x), (b.widgets[2]!.y = b.widgets[1]!.y)), /overlaps/],
    ['a metric array with a dangling dimension name', (b) => firstMetric(b).properties.metrics.push(['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer']), /dimension name\/value pairs/],
    ['a missing region', (b) => delete (firstMetric(b).properties as { region?: string }).region, /region/],
    ['a period that is not a multiple of 60', (b) => (firstMetric(b).properties.period = 45), /period/],
    ['an unknown statistic', (b) => (firstMetric(b).properties.stat = 'Total'), /statistic/],
    ['more than 100 metrics in a widget', (b) => (firstMetric(b).properties.metrics = Array.from({ length: 101 }, () => ['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', 'x'])), /100/],
    ['more than 500 widgets', (b) => (b.widgets = flowLayout(Array.from({ length: 501 }, () => textWidget('x', 1, 1)))), /500/],
    ['a typo in a Logs Insights query', (b) => (firstLog(b).properties.query = firstLog(b).properties.query.replace('stats', 'stat')), /"stat" is not a Logs Insights command/],
    ['a log widget without SOURCE', (b) => (firstLog(b).properties.query = 'fields @message'), /SOURCE/],
    ['a metric read with dimensions nobody emits', (b) => firstMetric(b).properties.metrics.push(['AWS/ApplicationELB', 'RequestCount', 'TargetGroup', 'x']), /no series with dimensions \[TargetGroup\]/],
    ['an EMF metric without OTelLib', (b) => firstMetric(b).properties.metrics.push(['cagw/acme-gw/claude-code', 'claude_code.cost.usage', 'model', 'x']), /emitted with/],
    ['a SEARCH over a dimension set the collector does not emit', (b) => firstMetric(b).properties.metrics.push([{ id: 'bad', expression: `SEARCH('{cagw/acme-gw/claude-code,"session.id",OTelLib} MetricName="claude_code.cost.usage"', 'Sum', 300)` }]), /session\.id/],
    ['an extra property', (b) => ((firstMetric(b).properties as Record<string, unknown>).colour = 'red'), /colour|Unrecognized/],
  ];
  test.each(cases)('%s', (_what, mutate, message) => {
    const body = good();
    expect(checkDashboardBody(body, ctx)).toEqual([]);
    mutate(body);
    expect(checkDashboardBody(body, ctx).join('\n')).toMatch(message);
  });
});

describe('SVG preview', () => {
  const input = sampleInput('native');
  const dashboard = buildDashboards(input, expectedResourceNames(input))[2]!;
  const svg = renderDashboardSvg(dashboard);

  test('draws one rectangle per widget at its grid position, with its title', () => {
    expect(svg.match(/<g data-type=/g)).toHaveLength(dashboard.body.widgets.length);
    const alb = dashboard.body.widgets.find((w) => w.type === 'metric' && w.properties.title === 'ALB requests')!;
    expect(svg).toContain(`<rect x="${alb.x * SVG_COLUMN_PX + 2}" y="${32 + alb.y * 24 + 2}" width="${alb.width * SVG_COLUMN_PX - 4}"`);
    expect(svg).toContain('>ALB requests</text>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  test('escapes titles, so a title cannot break the document', () => {
    const body = { widgets: flowLayout([textWidget('# a <b> & "c"')]) } as DashboardBody;
    const out = renderDashboardSvg({ name: 'x&y', body });
    expect(out).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(out).toContain('>x&amp;y</text>');
    expect(out).not.toMatch(/<b>/);
  });
});

test('a SEARCH quotes names with characters other than letters, digits, _ and /', () => {
  expect(searchRow('s', 'cagw/acme-gw/claude-code', ['user.groups', 'OTelLib'], 'claude_code.cost.usage', 'Sum', 300)).toEqual([
    { id: 's', expression: `SEARCH('{"cagw/acme-gw/claude-code","user.groups",OTelLib} MetricName="claude_code.cost.usage"', 'Sum', 300)` },
  ]);
  expect(searchRow('s', 'AWS/EC2', ['InstanceId'], 'CPUUtilization', 'Average', 60, 'cpu')).toEqual([
    { id: 's', label: 'cpu', expression: `SEARCH('{AWS/EC2,InstanceId} MetricName="CPUUtilization"', 'Average', 60)` },
  ]);
});
