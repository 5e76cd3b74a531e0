// The CloudWatch dashboard body structure (PutDashboard's DashboardBody), as documented in
// "Dashboard Body Structure and Syntax": a 24-column grid of widgets, each with a type,
// position, size and type-specific properties.
import { z } from 'zod';

export const GRID_COLUMNS = 24;
export const MAX_WIDGETS_PER_DASHBOARD = 500;
export const MAX_METRICS_PER_WIDGET = 100;

/** A metric array: [namespace, name, (dimension name, value)*, {options}?], or [{expression}]. */
const metricOptions = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9_]*$/).optional(),
  label: z.string().optional(),
  stat: z.string().optional(),
  period: z.number().int().positive().optional(),
  visible: z.boolean().optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  yAxis: z.enum(['left', 'right']).optional(),
  region: z.string().optional(),
});
const expressionMetric = z.tuple([
  z.strictObject({ expression: z.string().min(1), label: z.string().optional(), id: z.string().regex(/^[a-z][A-Za-z0-9_]*$/) }),
]);
const plainMetric = z
  .array(z.union([z.string(), metricOptions]))
  .min(2)
  .superRefine((row, ctx) => {
    const last = row[row.length - 1];
    const strings = typeof last === 'object' ? row.slice(0, -1) : row;
    if (strings.some((s) => typeof s !== 'string')) ctx.addIssue({ code: 'custom', message: 'only the last element of a metric array may be an options object' });
    else if (strings.length < 2 || strings.length % 2 !== 0) {
      ctx.addIssue({ code: 'custom', message: 'a metric array is namespace, metric name, then dimension name/value pairs' });
    }
  });
export const metricArraySchema = z.union([expressionMetric, plainMetric]);

const stat = z.string().regex(/^(SampleCount|Average|Sum|Minimum|Maximum|p\d{1,2}(\.\d+)?)$/, 'a CloudWatch statistic');
const period = z.number().int().refine((p) => p === 1 || p === 5 || p === 10 || p === 30 || p % 60 === 0, 'a period of 1, 5, 10, 30 or a multiple of 60 seconds');

const position = {
  x: z.number().int().min(0).max(GRID_COLUMNS - 1),
  y: z.number().int().min(0),
  width: z.number().int().min(1).max(GRID_COLUMNS),
  height: z.number().int().min(1).max(1000),
};

export const metricWidgetSchema = z.strictObject({
  type: z.literal('metric'),
  ...position,
  properties: z.strictObject({
    title: z.string().min(1),
    region: z.string().min(1),
    metrics: z.array(metricArraySchema).min(1).max(MAX_METRICS_PER_WIDGET),
    view: z.enum(['timeSeries', 'singleValue', 'bar', 'pie', 'gauge', 'table']),
    stacked: z.boolean().optional(),
    stat,
    period,
    yAxis: z.strictObject({ left: z.strictObject({ min: z.number().optional(), max: z.number().optional(), label: z.string().optional(), showUnits: z.boolean().optional() }).optional() }).optional(),
  }),
});

export const logWidgetSchema = z.strictObject({
  type: z.literal('log'),
  ...position,
  properties: z.strictObject({
    title: z.string().min(1),
    region: z.string().min(1),
    query: z.string().regex(/^SOURCE '[^']+'( \| SOURCE '[^']+')* \| /, "starts with SOURCE '<log group>' | "),
    view: z.enum(['table', 'timeSeries', 'bar', 'pie']),
    stacked: z.boolean().optional(),
  }),
});

export const textWidgetSchema = z.strictObject({
  type: z.literal('text'),
  ...position,
  properties: z.strictObject({ markdown: z.string().min(1), background: z.enum(['solid', 'transparent']).optional() }),
});

export const widgetSchema = z.discriminatedUnion('type', [metricWidgetSchema, logWidgetSchema, textWidgetSchema]);

export const dashboardBodySchema = z.strictObject({
  start: z.string().regex(/^-P(T?\d+[WDHM])+$/).optional(),
  periodOverride: z.enum(['auto', 'inherit']).optional(),
  widgets: z.array(widgetSchema).min(1).max(MAX_WIDGETS_PER_DASHBOARD),
});

export type MetricArray = z.infer<typeof metricArraySchema>;
export type MetricWidget = z.infer<typeof metricWidgetSchema>;
export type LogWidget = z.infer<typeof logWidgetSchema>;
export type TextWidget = z.infer<typeof textWidgetSchema>;
export type Widget = z.infer<typeof widgetSchema>;
export type DashboardBody = z.infer<typeof dashboardBodySchema>;

export interface Dashboard {
  name: string;
  body: DashboardBody;
}
