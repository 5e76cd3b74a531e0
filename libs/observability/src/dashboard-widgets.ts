// Small builders for dashboard widgets, and the flow layout that places them on the grid in
// reading order, so dashboards are written as a list of widgets, not coordinates.
import type { Dimension } from './alarm-spec.ts';
import { GRID_COLUMNS, type LogWidget, type MetricArray, type MetricWidget, type TextWidget, type Widget } from './dashboard-body.ts';
import { LOG_SOURCE_GROUP, type LogsQuery } from './logs-queries.ts';
import type { ObservedResources } from './observability-input.ts';

type Draft<W> = Omit<W, 'x' | 'y'>;
export type WidgetDraft = Draft<MetricWidget> | Draft<LogWidget> | Draft<TextWidget>;

export function textWidget(markdown: string, width = GRID_COLUMNS, height = 2): Draft<TextWidget> {
  return { type: 'text', width, height, properties: { markdown } };
}

export function logWidget(
  query: LogsQuery,
  ctx: { region: string; resources: ObservedResources },
  view: LogWidget['properties']['view'] = 'table',
  width = 12,
  height = 6,
): Draft<LogWidget> {
  const group = ctx.resources[LOG_SOURCE_GROUP[query.source]];
  return {
    type: 'log',
    width,
    height,
    properties: { title: query.title, region: ctx.region, view, query: `SOURCE '${group}' | ${query.query}` },
  };
}

export interface MetricWidgetOptions {
  title: string;
  region: string;
  metrics: MetricArray[];
  stat: string;
  period: number;
  view?: MetricWidget['properties']['view'];
  stacked?: boolean;
  width?: number;
  height?: number;
}

export function metricWidget(o: MetricWidgetOptions): Draft<MetricWidget> {
  return {
    type: 'metric',
    width: o.width ?? 8,
    height: o.height ?? 6,
    properties: {
      title: o.title,
      region: o.region,
      metrics: o.metrics,
      view: o.view ?? 'timeSeries',
      ...(o.stacked === undefined ? {} : { stacked: o.stacked }),
      stat: o.stat,
      period: o.period,
    },
  };
}

/** A metric array with dimension values resolved to the deployment's resource names. */
export function metricRow(
  namespace: string,
  metric: string,
  dimensions: Dimension[],
  resources: ObservedResources,
  options?: { label?: string; stat?: string; id?: string },
): MetricArray {
  const pairs = dimensions.flatMap((d) => [d.name, typeof d.value === 'string' ? d.value : (resources[d.value.resource] ?? '')]);
  return options ? [namespace, metric, ...pairs, options] : [namespace, metric, ...pairs];
}

/** A SEARCH over one EMF dimension set, one line per value of the non-fixed dimensions. */
export function searchRow(id: string, namespace: string, dimensions: readonly string[], metric: string, stat: string, period: number, label?: string): MetricArray {
  // Names with characters other than letters, digits, _ and / are quoted in a SEARCH schema.
  const schema = [namespace, ...dimensions].map((s) => (/^[A-Za-z0-9_/]+$/.test(s) ? s : `"${s}"`)).join(',');
  const expression = `SEARCH('{${schema}} MetricName="${metric}"', '${stat}', ${period})`;
  return [label ? { id, label, expression } : { id, expression }];
}

/** Places widgets left to right, wrapping to a new row when the next one does not fit. */
export function flowLayout(drafts: WidgetDraft[]): Widget[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return drafts.map((draft) => {
    if (x + draft.width > GRID_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...draft, x, y } as Widget;
    x += draft.width;
    rowHeight = Math.max(rowHeight, draft.height);
    return placed;
  });
}
