// "What is team A spending per day, which user spiked on Tuesday?": spend and tokens by
// team, model and user. Per-user numbers come from Logs Insights over the events (FORWARD_LOGS),
// never from per-user metrics; EMF mode adds metric graphs over its low-cardinality sets.
import type { Dashboard } from './dashboard-body.ts';
import { flowLayout, logWidget, metricRow, metricWidget, searchRow, textWidget, type WidgetDraft } from './dashboard-widgets.ts';
import { teamSpendQuery, WIDGET_QUERIES } from './logs-queries.ts';
import type { ObservabilityInput, ObservedResources } from './observability-input.ts';
import { eventsAvailable } from './observability-template.ts';
import { CLIENT_METRICS, EMF_OTEL_LIB, emfNamespace } from './telemetry-catalog.ts';

export function codingAgentInsightsUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#gen-ai-observability:coding-agent-insights`;
}

export function usageDashboard(input: ObservabilityInput, resources: ObservedResources): Dashboard {
  const ctx = { region: input.region, resources };
  const events = eventsAvailable(input);
  const widgets: WidgetDraft[] = [
    textWidget(
      [
        `# ${input.stackPrefix}: usage and spend`,
        `Spend is estimated by the clients at list price. Collector mode: **${input.collectorMode}**.`,
        input.collectorMode === 'native' ? `Per-user and per-team slicing of metrics: [Coding Agent Insights](${codingAgentInsightsUrl(input.region)}).` : `Metrics namespace: \`${emfNamespace(input.stackPrefix)}\`.`,
        events ? `Events: \`${resources.eventsLogGroupName}\`.` : 'Per-user widgets need FORWARD_LOGS=true and the bundled collector.',
      ].join('\n\n'),
      24,
      3,
    ),
  ];

  if (input.collectorMode === 'emf' && input.bundledCollector) {
    const ns = emfNamespace(input.stackPrefix);
    const cost = CLIENT_METRICS.costUsage.name;
    const tokens = CLIENT_METRICS.tokenUsage.name;
    widgets.push(
      metricWidget({ title: 'Spend, whole organisation (USD per hour)', region: input.region, stat: 'Sum', period: 3600, metrics: [metricRow(ns, cost, [{ name: 'OTelLib', value: EMF_OTEL_LIB }], resources, { label: 'USD' })] }),
      metricWidget({ title: 'Spend by model (USD per hour)', region: input.region, stat: 'Sum', period: 3600, stacked: true, metrics: [searchRow('bymodel', ns, ['model', 'OTelLib'], cost, 'Sum', 3600)] }),
      metricWidget({ title: 'Spend by group list (USD per hour)', region: input.region, stat: 'Sum', period: 3600, stacked: true, metrics: [searchRow('bygroups', ns, ['user.groups', 'OTelLib'], cost, 'Sum', 3600)] }),
      metricWidget({ title: 'Tokens by type (input, output, cache)', region: input.region, stat: 'Sum', period: 300, stacked: true, metrics: [searchRow('bytype', ns, ['type', 'OTelLib'], tokens, 'Sum', 300)] }),
      metricWidget({ title: 'Tokens by model', region: input.region, stat: 'Sum', period: 300, metrics: [searchRow('tokmodel', ns, ['model', 'OTelLib'], tokens, 'Sum', 300)] }),
      metricWidget({
        title: 'Sessions, commits and pull requests', region: input.region, stat: 'Sum', period: 3600,
        metrics: [CLIENT_METRICS.sessionCount, CLIENT_METRICS.commitCount, CLIENT_METRICS.pullRequestCount].map((m) =>
          metricRow(ns, m.name, [{ name: 'OTelLib', value: EMF_OTEL_LIB }], resources, { label: m.name.replace('claude_code.', '') }),
        ),
      }),
    );
  }

  if (events) {
    widgets.push(
      textWidget('## Spend by user, model and team (Logs Insights over the events; pick the range above)', 24, 1),
      logWidget(WIDGET_QUERIES.costByUser, ctx, 'bar'),
      logWidget(WIDGET_QUERIES.costByModel, ctx, 'bar'),
      logWidget(WIDGET_QUERIES.costOverTimeByModel, ctx, 'timeSeries', 24, 6),
      logWidget(WIDGET_QUERIES.tokensByModel, ctx, 'table'),
      logWidget(WIDGET_QUERIES.costByGroups, ctx, 'table'),
      ...input.thresholds.teams.map((team) => logWidget(teamSpendQuery(team.group), ctx, 'bar')),
    );
  }
  return { name: `${input.stackPrefix}-usage`, body: { start: '-P7D', periodOverride: 'inherit', widgets: flowLayout(widgets) } };
}
