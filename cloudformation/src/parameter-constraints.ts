// The constraints a CloudFormation parameter declares, and whether one value meets them, as
// CloudFormation would judge it (a CommaDelimitedList is judged element by element).
import { asRecord } from './template-values.ts';

export interface ParameterConstraints {
  type: string;
  allowedValues?: string[];
  allowedPattern?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  constraintDescription?: string;
}

export function constraintsOf(declaration: unknown): ParameterConstraints {
  const p = asRecord(declaration);
  const num = (v: unknown) => (v === undefined ? undefined : Number(v));
  const c: ParameterConstraints = { type: String(p.Type ?? '') };
  if (Array.isArray(p.AllowedValues)) c.allowedValues = p.AllowedValues.map(String);
  if (typeof p.AllowedPattern === 'string') c.allowedPattern = p.AllowedPattern;
  if (p.MinLength !== undefined) c.minLength = num(p.MinLength);
  if (p.MaxLength !== undefined) c.maxLength = num(p.MaxLength);
  if (p.MinValue !== undefined) c.minValue = num(p.MinValue);
  if (p.MaxValue !== undefined) c.maxValue = num(p.MaxValue);
  if (typeof p.ConstraintDescription === 'string') c.constraintDescription = p.ConstraintDescription;
  return c;
}

/** What is wrong with a value for the parameter, or undefined when CloudFormation would take it. */
export function parameterValueProblem(value: string, c: ParameterConstraints): string | undefined {
  const isList = c.type === 'CommaDelimitedList' || c.type.startsWith('List<');
  for (const element of isList ? value.split(',').map((v) => v.trim()) : [value]) {
    const problem = elementProblem(element, c);
    if (problem) return isList ? `element "${element}" ${problem}` : problem;
  }
  return undefined;
}

function elementProblem(value: string, c: ParameterConstraints): string | undefined {
  if (c.allowedValues && !c.allowedValues.includes(value)) return `is not one of ${c.allowedValues.join(', ')}`;
  // CloudFormation matches the whole value against the pattern
  if (c.allowedPattern !== undefined && !new RegExp(`^(?:${c.allowedPattern})$`).test(value)) {
    return `does not match ${c.allowedPattern}`;
  }
  if (c.minLength !== undefined && value.length < c.minLength) return `is shorter than ${c.minLength} characters`;
  if (c.maxLength !== undefined && value.length > c.maxLength) return `is longer than ${c.maxLength} characters`;
  if (c.type === 'Number' || c.type === 'List<Number>') {
    const n = Number(value);
    if (value.trim() === '' || Number.isNaN(n)) return 'is not a number';
    if (c.minValue !== undefined && n < c.minValue) return `is below ${c.minValue}`;
    if (c.maxValue !== undefined && n > c.maxValue) return `is above ${c.maxValue}`;
  }
  return undefined;
}
