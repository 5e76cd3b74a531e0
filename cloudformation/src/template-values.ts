// Small readers for baseline rules: get a nested value, see through `!Ref Parameter`, list
// the statements of an IAM policy. They never throw on odd shapes; a rule just sees undefined.
import { intrinsicOf } from './intrinsics.ts';

/** The value as a plain mapping, or an empty one when it is anything else. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function getIn(value: unknown, path: (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The parameter a value is `!Ref` to, if it is one. */
export function referencedParameter(value: unknown, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const call = intrinsicOf(value);
  if (call?.fn !== 'Ref' || typeof call.arg !== 'string') return undefined;
  const p = asRecord(body.Parameters)[call.arg];
  return p === undefined ? undefined : asRecord(p);
}

/**
 * The smallest number a value can take: a literal, or the MinValue of the parameter it
 * refers to (a parameter without MinValue could be anything, so undefined).
 */
export function smallestNumber(value: unknown, body: Record<string, unknown>): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  const p = referencedParameter(value, body);
  if (!p) return undefined;
  if (Array.isArray(p.AllowedValues)) return Math.min(...p.AllowedValues.map(Number));
  return p.MinValue === undefined ? undefined : Number(p.MinValue);
}

/** Every value a property can take: both branches of an Fn::If, AWS::NoValue dropped. */
export function possibleValues(value: unknown): unknown[] {
  const call = intrinsicOf(value);
  if (call?.fn === 'Fn::If' && Array.isArray(call.arg)) return call.arg.slice(1).flatMap(possibleValues);
  if (call?.fn === 'Ref' && call.arg === 'AWS::NoValue') return [];
  return [value];
}

export interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
  Principal?: unknown;
}

/** The statements of the inline and attached policy documents of an IAM resource. */
export function policyStatements(type: string, properties: Record<string, unknown>): PolicyStatement[] {
  const documents =
    type === 'AWS::IAM::Role' || type === 'AWS::IAM::User' || type === 'AWS::IAM::Group'
      ? asArray(properties.Policies).flatMap(possibleValues).map((p) => asRecord(p).PolicyDocument)
      : [properties.PolicyDocument];
  return documents.flatMap((d) => asArray(asRecord(d).Statement).flatMap(possibleValues).map((s) => asRecord(s)));
}

/** Every string leaf of a value, with intrinsic arguments included (for text scans). */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringLeaves(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringLeaves(v, out));
  return out;
}
