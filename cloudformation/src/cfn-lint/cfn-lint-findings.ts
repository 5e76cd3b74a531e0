// Findings of the AWS linter (cfn-lint, run with --format json), and the one kind we know to be
// wrong: cfn-lint 1.51's resource schema predates CloudWatch PromQL alarms, so an
// AWS::CloudWatch::Alarm that uses `EvaluationCriteria` (a PromQL query) instead of
// `MetricName`/`Metrics` gets E3014 "Only one of ['Metrics', 'MetricName'] is a required
// property". That E3014, on exactly such an alarm, is ignored; every other finding stands.
import type { ParsedTemplate } from '../parse-template.ts';

/** One finding as `cfn-lint --format json` prints it (the fields we read). */
export interface CfnLintFinding {
  Filename: string;
  Level: string;
  Message: string;
  Rule: { Id: string };
  Location: { Start: { LineNumber: number }; Path?: (string | number)[] };
}

export function isPromQlAlarmSchemaGap(finding: CfnLintFinding, template: ParsedTemplate): boolean {
  const [section, logicalId] = finding.Location.Path ?? [];
  if (finding.Rule.Id !== 'E3014' || section !== 'Resources' || typeof logicalId !== 'string') return false;
  const resources = (template.body?.Resources ?? {}) as Record<string, { Type?: unknown; Properties?: Record<string, unknown> }>;
  const resource = resources[logicalId];
  return resource?.Type === 'AWS::CloudWatch::Alarm' && resource.Properties?.EvaluationCriteria !== undefined;
}

export function formatCfnLintFinding(finding: CfnLintFinding): string {
  return `${finding.Filename}:${finding.Location.Start.LineNumber}: ${finding.Rule.Id} ${finding.Message}`;
}
