// Checks the parameter values the deployer is about to pass to a stack, before any AWS call:
// every required parameter has a value, no value names a parameter the template lacks, and
// each value meets the constraints CloudFormation would reject it for, after a change set
// was already being made.
import { CagwError } from '@cagw/errors';
import type { TemplateDescription } from './describe-template.ts';
import { parameterValueProblem } from './parameter-constraints.ts';

export function checkParameterValues(template: TemplateDescription, values: Record<string, string>): CagwError[] {
  const problems: CagwError[] = [];
  const declared = new Map(template.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) {
      problems.push(new CagwError('StackParameterUnknown', `the ${template.stack} stack has no parameter ${name}`, {
        source: 'internal', where: `${template.stack} stack`, fix: `pass only: ${[...declared.keys()].join(', ')}`,
      }));
    }
  }
  for (const p of template.parameters) {
    const value = values[p.name];
    if (value === undefined) {
      if (p.default === undefined) {
        problems.push(new CagwError('StackParameterMissing', `the ${template.stack} stack needs parameter ${p.name}: ${p.description}`, {
          source: 'internal', where: `${template.stack} stack parameter ${p.name}`, fix: `pass ${p.name}`,
        }));
      }
      continue;
    }
    const problem = parameterValueProblem(value, p.constraints);
    if (problem) {
      // a NoEcho value is never repeated, even in an error
      const what = p.noEcho ? `(value hidden) is not accepted` : `"${value.length > 80 ? `${value.slice(0, 80)}…` : value}" ${problem}`;
      problems.push(new CagwError('StackParameterInvalid', `${template.stack} stack parameter ${p.name} ${what}`, {
        source: 'user', where: `${template.stack} stack parameter ${p.name}`,
        fix: p.constraints.constraintDescription ? `give ${p.constraints.constraintDescription}` : `see the parameter description: ${p.description}`,
      }));
    }
  }
  return problems;
}
