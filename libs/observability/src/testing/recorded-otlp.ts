// Reads the recorded OTLP/JSON the real gateway relayed (fixtures/gateway-relayed-otlp.json):
// where each attribute sits, per metric and per event.
import { readFileSync } from 'node:fs';

interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}
interface Recording {
  recordedWith: { cliTurn: { otelResourceAttributes: string } };
  received: { path: string; body: { resourceMetrics?: unknown[]; resourceLogs?: unknown[] } }[];
}

export interface AttributePlacement {
  /** keys on the OTLP resource of the exports that carry it */
  resource: Set<string>;
  /** keys on its data points (metrics) or log records (events) */
  point: Set<string>;
}

const recording = JSON.parse(readFileSync(new URL('./fixtures/gateway-relayed-otlp.json', import.meta.url), 'utf8')) as Recording;
const keys = (attributes: KeyValue[] | undefined) => (attributes ?? []).map((a) => a.key);

/** Keys the recording's CLI got from OTEL_RESOURCE_ATTRIBUTES (user input, not the CLI's own placement). */
export const RECORDED_RESOURCE_ENV_KEYS = recording.recordedWith.cliTurn.otelResourceAttributes.split(',').map((pair) => pair.split('=')[0]!);

type ResourceMetrics = { resource: { attributes: KeyValue[] }; scopeMetrics: { metrics: Record<string, { dataPoints?: { attributes?: KeyValue[] }[] } | string>[] }[] };
type ResourceLogs = { resource: { attributes: KeyValue[] }; scopeLogs: { logRecords: { body?: { stringValue?: string }; attributes?: KeyValue[] }[] }[] };

/** Per metric name: where its attributes were, over every export that carried it. */
export function recordedMetricPlacements(): Map<string, AttributePlacement> {
  const placements = new Map<string, AttributePlacement>();
  for (const request of recording.received) {
    for (const resourceMetrics of (request.body.resourceMetrics ?? []) as ResourceMetrics[]) {
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          const name = metric.name as string;
          const placement = placements.get(name) ?? { resource: new Set(), point: new Set() };
          keys(resourceMetrics.resource.attributes).forEach((k) => placement.resource.add(k));
          for (const kind of ['sum', 'gauge', 'histogram'] as const) {
            const data = metric[kind];
            if (typeof data !== 'object') continue;
            for (const point of data.dataPoints ?? []) keys(point.attributes).forEach((k) => placement.point.add(k));
          }
          placements.set(name, placement);
        }
      }
    }
  }
  return placements;
}

/** Per event (log record body, e.g. claude_code.api_request): where its attributes were. */
export function recordedEventPlacements(): Map<string, AttributePlacement> {
  const placements = new Map<string, AttributePlacement>();
  for (const request of recording.received) {
    for (const resourceLogs of (request.body.resourceLogs ?? []) as ResourceLogs[]) {
      for (const scope of resourceLogs.scopeLogs) {
        for (const record of scope.logRecords) {
          const name = record.body?.stringValue ?? '';
          const placement = placements.get(name) ?? { resource: new Set(), point: new Set() };
          keys(resourceLogs.resource.attributes).forEach((k) => placement.resource.add(k));
          keys(record.attributes).forEach((k) => placement.point.add(k));
          placements.set(name, placement);
        }
      }
    }
  }
  return placements;
}

/** The raw log records of the recording, for running the collector's event filters over. */
export function recordedLogRecords(): { body: string; attributes: Record<string, unknown> }[] {
  return recording.received.flatMap((request) =>
    ((request.body.resourceLogs ?? []) as ResourceLogs[]).flatMap((resourceLogs) =>
      resourceLogs.scopeLogs.flatMap((scope) =>
        scope.logRecords.map((record) => ({
          body: record.body?.stringValue ?? '',
          attributes: Object.fromEntries((record.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
        })),
      ),
    ),
  );
}
