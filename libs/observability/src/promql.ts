// Renders the structured PromQL of spend alarms. CloudWatch keeps OTel's dotted names, so
// metric and label names are quoted (the UTF-8 form of PromQL selectors).
import type { PromSumQuery } from './alarm-spec.ts';

export function promDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const quote = (s: string) => JSON.stringify(s);

export function renderPromQuery(q: PromSumQuery): string {
  const selector = [quote(q.metric), ...q.matchers.map((m) => `${quote(m.label)}${m.op}${quote(m.value)}`)].join(', ');
  const by = q.by.length > 0 ? ` by (${q.by.map(quote).join(', ')})` : '';
  return `sum${by} (sum_over_time({${selector}}[${promDuration(q.rangeSeconds)}])) > ${q.threshold}`;
}

/**
 * A regular expression (RE2, fully anchored by PromQL) matching a comma list that contains
 * `item`, with or without spaces after the commas (the Logs Insights team query allows them too).
 */
export function listContains(item: string): string {
  const escaped = item.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
  return `(.*,\\s*)?${escaped}(\\s*,.*)?`;
}
