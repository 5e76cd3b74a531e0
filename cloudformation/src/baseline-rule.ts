// The shape of one rule of the security baseline: a rule about one resource (which types, where
// in it, the test) or about the template as a whole (every place that breaks it), each with
// the violation in words and the fix. The rules themselves are in baseline-rules.ts and
// trust-boundary-rules.ts.
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';

export interface ResourceRule {
  id: string;
  scope: 'resource';
  appliesTo: string[];
  violation: string;
  fix: string;
  /** where in the resource the rule looks, for the reported line */
  at: TemplatePath;
  /** true when the resource keeps the rule */
  check(resource: { Type: string; Properties: Record<string, unknown>; raw: Record<string, unknown> }, body: Record<string, unknown>): boolean;
}

export interface TemplateRule {
  id: string;
  scope: 'template';
  violation: string;
  fix: string;
  /** the places that break the rule, each with a detail for the message */
  check(template: ParsedTemplate): { path: TemplatePath; detail: string }[];
}

export type BaselineRule = ResourceRule | TemplateRule;
