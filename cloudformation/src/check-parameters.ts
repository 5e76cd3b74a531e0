// Checks each parameter declaration on its own: the Type is one CloudFormation knows, and the
// Default satisfies the parameter's own AllowedValues, AllowedPattern, lengths and range (a
// default that breaks them only fails when someone deploys without passing the value).
import { asRecord } from './template-values.ts';
import type { Finding } from './finding.ts';
import { constraintsOf, parameterValueProblem } from './parameter-constraints.ts';
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
    const problem = parameterValueProblem(String(p.Default), constraintsOf(p));
    if (problem) {
      report(['Parameters', name, 'Default'], 'PARAMETER_DEFAULT_INVALID', `the default "${String(p.Default)}" of parameter ${name} ${problem}`,
        'change the Default or the constraint so they agree');
    }
  }
  return findings;
}
