// Checks the documented shape every cagw template shares (STYLE rules 14-16): a description,
// parameter groups and labels covering every parameter, a description on every parameter and
// output, numbers with ranges, and outputs that only publish what they describe.
import { asRecord } from './template-values.ts';
import type { Finding } from './finding.ts';
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';

const SECTION_ORDER = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs'];

export function checkAnatomy(template: ParsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const report = (path: TemplatePath, rule: string, message: string, fix: string) =>
    findings.push({ file: template.file, line: template.lineOf(path), rule, message, fix });
  const body = template.body;

  if (body.AWSTemplateFormatVersion !== '2010-09-09') {
    report([], 'ANATOMY_FORMAT_VERSION', 'AWSTemplateFormatVersion is not 2010-09-09', "start the template with AWSTemplateFormatVersion: '2010-09-09'");
  }
  if (typeof body.Description !== 'string' || !body.Description.startsWith('cagw ')) {
    report(['Description'], 'ANATOMY_DESCRIPTION', 'the template description does not say which cagw part it is',
      "write Description: 'cagw <part>: <what> (needs <parent stacks>)'");
  }

  // STYLE rule 14: the sections in one fixed order, so every template reads the same way
  const present = Object.keys(body).filter((k) => SECTION_ORDER.includes(k));
  const expected = SECTION_ORDER.filter((k) => k in body);
  if (present.join() !== expected.join()) {
    report([present.find((k, i) => k !== expected[i]) ?? ''], 'ANATOMY_SECTION_ORDER', `the sections are in the order ${present.join(', ')}`,
      `order them ${expected.join(', ')}`);
  }

  const parameters = asRecord(body.Parameters);
  const iface = asRecord(asRecord(body.Metadata)['AWS::CloudFormation::Interface']);
  const grouped = new Set<string>();
  const groups = Array.isArray(iface.ParameterGroups) ? iface.ParameterGroups : [];
  for (const group of groups) {
    const names = asRecord(group).Parameters;
    if (Array.isArray(names)) names.forEach((n) => grouped.add(String(n)));
  }
  const labels = asRecord(iface.ParameterLabels);

  for (const [name, raw] of Object.entries(parameters)) {
    const p = asRecord(raw);
    const at: TemplatePath = ['Parameters', name];
    if (typeof p.Description !== 'string' || p.Description.trim() === '') {
      report(at, 'PARAMETER_NO_DESCRIPTION', `parameter ${name} has no Description`, 'say what the value is and where it comes from');
    }
    if (!grouped.has(name)) {
      report(at, 'PARAMETER_NOT_GROUPED', `parameter ${name} is in no AWS::CloudFormation::Interface parameter group`, 'list it under Metadata.AWS::CloudFormation::Interface.ParameterGroups');
    }
    if (!(name in labels)) {
      report(at, 'PARAMETER_NO_LABEL', `parameter ${name} has no label`, 'add it under Metadata.AWS::CloudFormation::Interface.ParameterLabels');
    }
    if (p.Default === '' && !(typeof p.Description === 'string' && p.Description.startsWith('Optional'))) {
      report(at, 'PARAMETER_OPTIONAL_UNDOCUMENTED', `parameter ${name} is optional (Default '') but its description does not say so`,
        "start the Description with 'Optional' and say what empty means");
    }
    if (p.Type === 'Number' && (p.MinValue === undefined || p.MaxValue === undefined) && p.AllowedValues === undefined) {
      report(at, 'PARAMETER_NUMBER_UNBOUNDED', `number parameter ${name} has no MinValue/MaxValue`, 'add MinValue, MaxValue and a ConstraintDescription');
    }
  }
  for (const name of grouped) {
    if (!(name in parameters)) {
      report(['Metadata'], 'PARAMETER_GROUP_UNKNOWN', `parameter group lists ${name}, which is not a parameter`, 'remove it from ParameterGroups or define the parameter');
    }
  }
  for (const name of Object.keys(asRecord(body.Conditions))) {
    if (!/^(Has|Is)[A-Z]/.test(name)) {
      report(['Conditions', name], 'CONDITION_NAME', `condition ${name} is not named for its intent`, 'name it HasX or IsX (e.g. HasAlertTopic, IsMultiAz)');
    }
  }
  for (const [id, output] of Object.entries(asRecord(body.Outputs))) {
    const d = asRecord(output).Description;
    if (typeof d !== 'string' || d.trim() === '') {
      report(['Outputs', id], 'OUTPUT_NO_DESCRIPTION', `output ${id} has no Description`, 'say what the output is and which stack consumes it');
    }
  }
  return findings;
}
