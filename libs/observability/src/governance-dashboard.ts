// Governance: who was refused what and why (tool decisions by tool and source, top users by
// rejections), sign-ins by outcome, upstream errors, blocked spend and per-team spend.
import type { Dashboard } from './dashboard-body.ts';
import { flowLayout, logWidget, metricRow, metricWidget, textWidget, type WidgetDraft } from './dashboard-widgets.ts';
import { WIDGET_QUERIES } from './logs-queries.ts';
import type { ObservabilityInput, ObservedResources } from './observability-input.ts';
import { eventsAvailable } from './observability-template.ts';
import { CLIENT_METRICS, EMF_OTEL_LIB, emfNamespace, GATEWAY_LOG_METRICS, gatewayLogNamespace } from './telemetry-catalog.ts';

export function governanceDashboard(input: ObservabilityInput, resources: ObservedResources): Dashboard {
  const ctx = { region: input.region, resources };
  const events = eventsAvailable(input);
  const logNs = gatewayLogNamespace(input.stackPrefix);
  const widgets: WidgetDraft[] = [
    textWidget(
      `# ${input.stackPrefix}: governance\n\nPolicy decisions, sign-ins, upstream errors and blocked spend. Gateway audit log: \`${resources.gatewayLogGroupName}\`.` +
        (events ? '' : '\n\nTool-decision and per-team widgets need FORWARD_LOGS=true and the bundled collector.'),
      24,
      2,
    ),
    metricWidget({
      title: 'Refusals and upstream errors (gateway audit log, per 5 minutes)', region: input.region, stat: 'Sum', period: 300, width: 12,
      metrics: [GATEWAY_LOG_METRICS.authDenied, GATEWAY_LOG_METRICS.accessDenied, GATEWAY_LOG_METRICS.spendBlocked, GATEWAY_LOG_METRICS.upstreamErrors].map((m) =>
        metricRow(logNs, m.name, [], resources, { label: m.what }),
      ),
    }),
    logWidget(WIDGET_QUERIES.authEventsByOutcome, ctx, 'table', 12),
    logWidget(WIDGET_QUERIES.recentUpstreamErrors, ctx, 'table', 24),
  ];
  if (input.collectorMode === 'emf' && input.bundledCollector) {
    const ns = emfNamespace(input.stackPrefix);
    widgets.push(
      metricWidget({
        title: 'Edit-tool decisions: accept vs reject', region: input.region, stat: 'Sum', period: 3600, stacked: true, width: 24,
        metrics: ['accept', 'reject'].map((decision) =>
          metricRow(ns, CLIENT_METRICS.toolDecision.name, [{ name: 'decision', value: decision }, { name: 'OTelLib', value: EMF_OTEL_LIB }], resources, { label: decision }),
        ),
      }),
    );
  }
  if (events) {
    widgets.push(
      logWidget(WIDGET_QUERIES.toolDecisionsByTool, ctx, 'bar'),
      logWidget(WIDGET_QUERIES.toolDecisionsBySource, ctx, 'table'),
      logWidget(WIDGET_QUERIES.topUsersByRejections, ctx, 'table'),
      logWidget(WIDGET_QUERIES.costByGroups, ctx, 'table'),
    );
  }
  return { name: `${input.stackPrefix}-governance`, body: { start: '-P1D', periodOverride: 'inherit', widgets: flowLayout(widgets) } };
}
