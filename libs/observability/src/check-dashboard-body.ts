// Validates a dashboard body before anyone calls PutDashboard: the documented structure
// (zod schema), the grid (inside 24 columns, no overlaps), every Logs Insights query
// (grammar check) and every metric or SEARCH against the telemetry catalog.
import type { MetricStat, Statistic } from './alarm-spec.ts';
import { checkMetricStat, knownSeries, type CatalogContext } from './check-alarm-against-catalog.ts';
import { checkLogsInsightsQuery } from './check-logs-insights-query.ts';
import { EMF_OTEL_LIB } from './telemetry-catalog.ts';
import { dashboardBodySchema, GRID_COLUMNS, type MetricArray, type Widget } from './dashboard-body.ts';

export function checkDashboardBody(body: unknown, ctx: CatalogContext): string[] {
  const parsed = dashboardBodySchema.safeParse(body);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  const widgets = parsed.data.widgets;
  const problems: string[] = [];
  const series = knownSeries(ctx);
  widgets.forEach((w, i) => {
    const where = `widgets.${i} (${w.type === 'text' ? 'text' : w.properties.title})`;
    if (w.x + w.width > GRID_COLUMNS) problems.push(`${where}: reaches column ${w.x + w.width}, past the ${GRID_COLUMNS}-column grid`);
    widgets.slice(0, i).forEach((other, j) => {
      if (overlaps(w, other)) problems.push(`${where}: overlaps widgets.${j}`);
    });
    if (w.type === 'log') {
      const query = w.properties.query.replace(/^(SOURCE '[^']+' \| )+/, '');
      problems.push(...checkLogsInsightsQuery(query).map((p) => `${where}: ${p}`));
    }
    if (w.type === 'metric') {
      for (const row of w.properties.metrics) problems.push(...checkMetricArray(row, w.properties.stat, ctx, series).map((p) => `${where}: ${p}`));
    }
  });
  return problems;
}

function overlaps(a: Widget, b: Widget): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function checkMetricArray(row: MetricArray, widgetStat: string, ctx: CatalogContext, series: ReturnType<typeof knownSeries>): string[] {
  const first = row[0];
  if (typeof first === 'object' && 'expression' in first) {
    const search = /^SEARCH\('\{([^}]*)\} MetricName="([^"]+)"', '(\w+)', (\d+)\)$/.exec(first.expression);
    if (!search) return [`expression ${first.expression} is not a SEARCH this library writes`];
    const [namespace = '', ...dimensions] = search[1]!.split(',').map((s) => s.replace(/^"|"$/g, ''));
    const stat: MetricStat = { namespace, metric: search[2]!, dimensions: dimensions.map((name) => ({ name, value: name === 'OTelLib' ? EMF_OTEL_LIB : '*' })), stat: search[3] as Statistic, periodSeconds: Number(search[4]) };
    // A SEARCH matches every value of its dimensions, so only the dimension names are checked.
    return checkMetricStat(stat, ctx, series, true);
  }
  const last = row[row.length - 1];
  const options = typeof last === 'object' ? last : undefined;
  const strings = row.filter((x): x is string => typeof x === 'string');
  const [namespace = '', metric = '', ...pairs] = strings;
  const dimensions = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) dimensions.push({ name: pairs[i]!, value: pairs[i + 1]! });
  const stat = (options && 'stat' in options && options.stat) || widgetStat;
  // Percentiles are fine on gauges; the counter rule in checkMetricStat catches them on counters.
  return checkMetricStat({ namespace, metric, dimensions, stat: stat as Statistic, periodSeconds: 60 }, ctx, series, true);
}
