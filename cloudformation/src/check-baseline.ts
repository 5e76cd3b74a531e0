// Runs the baseline rules over a parsed template. A resource may suppress one rule with
// Metadata.cagw.Suppress: [{ Rule, Reason }]; a suppression without a reason is a finding.
import type { BaselineRule } from './baseline-rule.ts';
import { baselineRules } from './baseline-rules.ts';
import type { Finding } from './finding.ts';
import type { ParsedTemplate } from './parse-template.ts';
import { asArray, asRecord } from './template-values.ts';

export function checkBaseline(template: ParsedTemplate, rules: BaselineRule[] = baselineRules): Finding[] {
  const findings: Finding[] = [];
  const body = template.body;
  const resources = Object.entries(asRecord(body.Resources));
  const known = new Set(rules.map((r) => r.id));

  const suppressed = new Map<string, Set<string>>();
  for (const [id, raw] of resources) {
    const entries = asArray(asRecord(asRecord(asRecord(raw).Metadata).cagw).Suppress).map(asRecord);
    entries.forEach((s, i) => {
      const at = ['Resources', id, 'Metadata', 'cagw', 'Suppress', i];
      if (typeof s.Rule !== 'string' || !known.has(s.Rule)) {
        findings.push({ file: template.file, line: template.lineOf(at), rule: 'SUPPRESSION_INVALID',
          message: `resource ${id} suppresses ${String(s.Rule)}, which is not a baseline rule`, fix: `use one of: ${[...known].join(', ')}` });
      } else if (typeof s.Reason !== 'string' || s.Reason.trim().length < 10) {
        findings.push({ file: template.file, line: template.lineOf(at), rule: 'SUPPRESSION_INVALID',
          message: `resource ${id} suppresses ${s.Rule} without a reason`, fix: 'add Reason: <why this resource may break the rule>' });
      } else {
        suppressed.set(id, (suppressed.get(id) ?? new Set()).add(s.Rule));
      }
    });
  }

  for (const rule of rules) {
    if (rule.scope === 'template') {
      for (const hit of rule.check(template)) {
        findings.push({ file: template.file, line: template.lineOf(hit.path), rule: rule.id, message: `${rule.violation}: ${hit.detail}`, fix: rule.fix });
      }
      continue;
    }
    for (const [id, raw] of resources) {
      const resource = asRecord(raw);
      if (typeof resource.Type !== 'string' || !rule.appliesTo.includes(resource.Type)) continue;
      if (suppressed.get(id)?.has(rule.id)) continue;
      const ok = rule.check({ Type: resource.Type, Properties: asRecord(resource.Properties), raw: resource }, body);
      if (!ok) {
        findings.push({ file: template.file, line: template.lineOf(['Resources', id, ...rule.at]), rule: rule.id,
          message: `${id}: ${rule.violation}`, fix: rule.fix });
      }
    }
  }
  return findings;
}
