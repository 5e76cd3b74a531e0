// Checks that the template hangs together: every `Ref` / `Fn::Sub` variable names a parameter,
// a resource or a pseudo-parameter, every `Fn::GetAtt` and `DependsOn` names a resource,
// every condition used is defined (and every one defined is used), and every parameter is used.
import { asRecord } from './template-values.ts';
import type { Finding } from './finding.ts';
import { collectReferences, type Reference } from './intrinsics.ts';
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';

// The pseudo-parameters CloudFormation defines (AWS "Pseudo parameters reference").
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
]);

export function checkReferences(template: ParsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const report = (path: TemplatePath, rule: string, message: string, fix: string) =>
    findings.push({ file: template.file, line: template.lineOf(path), rule, message, fix });
  const body = template.body;
  const parameters = asRecord(body.Parameters);
  const resources = asRecord(body.Resources);
  const conditions = asRecord(body.Conditions);
  const outputs = asRecord(body.Outputs);

  const refs: Reference[] = [
    ...collectReferences(body.Rules, ['Rules']),
    ...collectReferences(body.Conditions, ['Conditions']),
    ...collectReferences(body.Resources, ['Resources']),
    ...collectReferences(body.Outputs, ['Outputs']),
  ];
  // `Condition:` on a resource or an output is a use of that condition too
  for (const [section, entries] of [['Resources', resources], ['Outputs', outputs]] as const) {
    for (const [id, entry] of Object.entries(entries)) {
      const name = asRecord(entry).Condition;
      if (typeof name === 'string') refs.push({ kind: 'condition', name, path: [section, id, 'Condition'] });
    }
  }

  const usedParameters = new Set<string>();
  const usedConditions = new Set<string>();
  for (const ref of refs) {
    // Conditions and Rules are evaluated before any resource exists
    const inConditions = ref.path[0] === 'Conditions' || ref.path[0] === 'Rules';
    switch (ref.kind) {
      case 'ref':
      case 'sub': {
        const [name = '', attribute] = ref.kind === 'sub' ? splitSubVariable(ref.name) : [ref.name];
        if (name in parameters) usedParameters.add(name);
        const known = name in parameters || PSEUDO_PARAMETERS.has(name) || (!inConditions && name in resources);
        const how = ref.kind === 'ref' ? `!Ref ${name}` : `\${${ref.name}}`;
        if (!known) {
          report(ref.path, 'REF_UNDEFINED', `${how} names no parameter${inConditions ? '' : ', resource'} or pseudo-parameter`,
            `define ${name} under Parameters${inConditions ? '' : ' or Resources'}, or correct the name`);
        } else if (attribute !== undefined && !(name in resources)) {
          report(ref.path, 'REF_UNDEFINED', `${how} reads an attribute of ${name}, which is not a resource`, 'use a resource logical id before the dot');
        }
        break;
      }
      case 'getatt':
        if (!(ref.resource in resources)) {
          report(ref.path, 'GETATT_UNDEFINED', `!GetAtt ${ref.resource}.${ref.attribute} names no resource`, `define ${ref.resource} under Resources, or correct the name`);
        }
        break;
      case 'condition':
        usedConditions.add(ref.name);
        if (!(ref.name in conditions)) {
          report(ref.path, 'CONDITION_UNDEFINED', `condition ${ref.name} is used but not defined`, `define ${ref.name} under Conditions, or correct the name`);
        }
        break;
    }
  }

  for (const name of Object.keys(parameters)) {
    if (!usedParameters.has(name)) {
      report(['Parameters', name], 'PARAMETER_UNUSED', `parameter ${name} is never used`, 'use it in a resource, condition or output, or remove it');
    }
  }
  for (const name of Object.keys(conditions)) {
    if (!usedConditions.has(name)) {
      report(['Conditions', name], 'CONDITION_UNUSED', `condition ${name} is defined but never used`, 'use it, or remove it');
    }
  }
  for (const [id, resource] of Object.entries(resources)) {
    const dependsOn = asRecord(resource).DependsOn;
    const names = typeof dependsOn === 'string' ? [dependsOn] : Array.isArray(dependsOn) ? dependsOn : [];
    names.forEach((name, i) => {
      if (typeof name !== 'string' || !(name in resources)) {
        report(['Resources', id, 'DependsOn', ...(Array.isArray(dependsOn) ? [i] : [])], 'DEPENDS_ON_UNDEFINED',
          `resource ${id} depends on ${String(name)}, which is not a resource`, 'name a resource of this template in DependsOn');
      }
    });
  }
  for (const [id, output] of Object.entries(outputs)) {
    if (asRecord(output).Value === undefined) {
      report(['Outputs', id], 'OUTPUT_NO_VALUE', `output ${id} has no Value`, 'add Value: !Ref or !GetAtt of what the output publishes');
    }
  }
  return findings;
}

/** `${Resource.Attribute}` → [Resource, Attribute]; `${AWS::Region}` → [AWS::Region]. */
function splitSubVariable(name: string): [string, string?] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name] : [name.slice(0, dot), name.slice(dot + 1)];
}
