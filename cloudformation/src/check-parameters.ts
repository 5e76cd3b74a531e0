// Checks each parameter declaration on its own: the Type is one CloudFormation knows, and the
// Default satisfies the parameter's own AllowedValues, AllowedPattern, lengths and range (a
// default that breaks them only fails when someone deploys without passing the value).
import { asRecord } from './check-spec.ts';
import type { Finding } from './finding.ts';
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';

// Parameter types per the CloudFormation "Parameters" reference: the plain types, the
// AWS-specific ones (AWS::EC2::VPC::Id ...), their List<> forms, and SSM parameter types.
const PARAMETER_TYPE = /^(String|Number|List<Number>|CommaDelimitedList|(List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+>?|AWS::SSM::Parameter::(Name|Value<.+>))$/;

export function checkParameters(template: ParsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const report = (path: TemplatePath, rule: string, message: string, fix: string) =>
    findings.push({ file: template.file, line: template.lineOf(path), rule, message, fix });

  for (const [name, raw] of Object.entries(asRecord(template.body.Parameters))) {
    const p = asRecord(raw);
    const type = String(p.Type ?? '');
    if (!PARAMETER_TYPE.test(type)) {
      report(['Parameters', name, 'Type'], 'PARAMETER_TYPE_UNKNOWN', `parameter ${name} has type "${type}", which CloudFormation does not have`,
        'use String, Number, CommaDelimitedList, List<Number>, an AWS-specific type such as AWS::EC2::VPC::Id, or an SSM parameter type');
      continue;
    }
    if (p.Default === undefined) continue;
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    const values = isList ? String(p.Default).split(',').map((v) => v.trim()) : [String(p.Default)];
    for (const value of values) {
      const problem = defaultProblem(value, p, type);
      if (problem) {
        report(['Parameters', name, 'Default'], 'PARAMETER_DEFAULT_INVALID', `the default "${value}" of parameter ${name} ${problem}`,
          'change the Default or the constraint so they agree');
      }
    }
  }
  return findings;
}

function defaultProblem(value: string, p: Record<string, unknown>, type: string): string | undefined {
  if (Array.isArray(p.AllowedValues) && !p.AllowedValues.map(String).includes(value)) {
    return `is not one of AllowedValues (${p.AllowedValues.join(', ')})`;
  }
  if (typeof p.AllowedPattern === 'string' && !new RegExp(`^(?:${p.AllowedPattern})$`).test(value)) {
    return `does not match AllowedPattern ${p.AllowedPattern}`;
  }
  if (p.MinLength !== undefined && value.length < Number(p.MinLength)) return `is shorter than MinLength ${String(p.MinLength)}`;
  if (p.MaxLength !== undefined && value.length > Number(p.MaxLength)) return `is longer than MaxLength ${String(p.MaxLength)}`;
  if (type === 'Number') {
    const n = Number(value);
    if (value.trim() === '' || Number.isNaN(n)) return 'is not a number';
    if (p.MinValue !== undefined && n < Number(p.MinValue)) return `is below MinValue ${String(p.MinValue)}`;
    if (p.MaxValue !== undefined && n > Number(p.MaxValue)) return `is above MaxValue ${String(p.MaxValue)}`;
  }
  return undefined;
}
