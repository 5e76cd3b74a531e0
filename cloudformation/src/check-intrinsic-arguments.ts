// Arguments CloudFormation requires to be literal or of a fixed shape: the Fn::Join delimiter,
// the Fn::Sub template string, the condition name of Fn::If, the parts of Fn::GetAtt.
// Breaking one fails the deploy as "Template format error" after the change set is made.
import type { Finding } from './finding.ts';
import { intrinsicOf } from './intrinsics.ts';
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';

export function checkIntrinsicArguments(template: ParsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const report = (path: TemplatePath, message: string, fix: string) =>
    findings.push({ file: template.file, line: template.lineOf(path), rule: 'INTRINSIC_ARGUMENT_INVALID', message, fix });

  const visit = (value: unknown, path: TemplatePath): void => {
    const call = intrinsicOf(value);
    if (call) {
      const at = [...path, call.fn];
      const args = Array.isArray(call.arg) ? call.arg : undefined;
      switch (call.fn) {
        case 'Fn::Join':
          if (!args || args.length !== 2 || typeof args[0] !== 'string') {
            report(at, 'Fn::Join needs [delimiter, list] with a literal delimiter (no function in it)', 'write the delimiter as plain text; build prefixes with Fn::Sub around the join');
          }
          break;
        case 'Fn::Sub':
          if (!(typeof call.arg === 'string' || (args && args.length === 2 && typeof args[0] === 'string'))) {
            report(at, 'Fn::Sub needs a literal string, or [string, {variables}]', 'write the template string as plain text and pass values through the variable map');
          }
          break;
        case 'Fn::If':
          if (!args || args.length !== 3 || typeof args[0] !== 'string') {
            report(at, 'Fn::If needs [condition name, value if true, value if false]', 'name a condition and give both values');
          }
          break;
        case 'Fn::GetAtt':
          if (!args || args.length !== 2 || typeof args[0] !== 'string') {
            report(at, 'Fn::GetAtt needs [resource, attribute] with a literal resource name', 'write !GetAtt Resource.Attribute');
          }
          break;
        case 'Ref':
          if (typeof call.arg !== 'string') report(at, 'Ref takes a literal name, not a function', 'name a parameter or resource');
          break;
      }
      visit(call.arg, at);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  for (const section of ['Rules', 'Conditions', 'Resources', 'Outputs']) visit(template.body[section], [section]);
  return findings;
}
