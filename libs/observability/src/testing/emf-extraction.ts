// A fake of what happens to one data point in emf mode: awsemf picks the metric declarations
// that apply, writes one EMF log event, and CloudWatch extracts metrics from it or rejects it.
import type { EmfMetricDeclaration } from '../collector-config.ts';

export type Labels = Readonly<Record<string, string>>;

/**
 * The dimension sets CloudWatch extracts for `metric` with these labels, or 'rejected'.
 * awsemf: a declaration applies when a selector matches the metric name, every dimension is a
 * label, and every label matcher's regex matches the label values joined by ';'.
 * CloudWatch: a dimension value must be 1 to 1,024 characters
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html), and an
 * EMF event failing validation yields no metrics at all
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */
export function extractEmf(declarations: readonly EmfMetricDeclaration[], metric: string, labels: Labels): string[][] | 'rejected' {
  const applied = declarations.filter(
    (d) =>
      d.metric_name_selectors.some((s) => new RegExp(s).test(metric)) &&
      d.dimensions.every((set) => set.every((name) => name in labels)) &&
      (d.label_matchers ?? []).every((m) => new RegExp(m.regex).test(m.label_names.map((n) => labels[n] ?? '').join(';'))),
  );
  const sets = applied.flatMap((d) => d.dimensions);
  const valid = (value: string) => value.length >= 1 && value.length <= 1024;
  if (sets.some((set) => set.some((name) => !valid(labels[name]!)))) return 'rejected';
  return sets;
}
