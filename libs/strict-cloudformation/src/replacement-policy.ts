// Update or replacement, per property, as the AWS resource specification says. CloudFormation
// replaces a resource when a property it cannot update in place changes ("Update behaviors of
// stack resources", CloudFormation User Guide: Update requires: Replacement); the specification
// records that per property as `causesReplacement` ('yes', 'maybe' — "some interruption or
// replacement depending on the value" — or 'no'), on resource properties and on the properties
// of their structures, plus `additionalReplacementProperties` (paths into predefined types).
//
// A change set reports the outcome as ResourceChange.Replacement (CloudFormation API reference,
// ResourceChange and ResourceTargetDefinition): each changed property has a RequiresRecreation
// of Never, Conditionally or Always; the resource's Replacement follows the change with the most
// impact (Always, then Conditionally, then Never); Always on a value only known when the update
// runs (Evaluation: Dynamic, e.g. the id of a resource being replaced) is reported as
// Conditional. A type the specification does not have is Conditionally replaced: we cannot say.
import { resourceSpecification, structureProperties, type Property, type PropertyType } from './resource-specification.ts';

export type RequiresRecreation = 'Never' | 'Conditionally' | 'Always';
export type Replacement = 'True' | 'False' | 'Conditional';

export interface PropertyRecreation {
  /** the top-level property that changed, as a change set's Details name it */
  name: string;
  requiresRecreation: RequiresRecreation;
}

type Values = Record<string, unknown>;
const RANK: Record<RequiresRecreation, number> = { Never: 0, Conditionally: 1, Always: 2 };
const strongest = (a: RequiresRecreation, b: RequiresRecreation): RequiresRecreation => (RANK[b] > RANK[a] ? b : a);
const fromSpec = (p: Property | undefined): RequiresRecreation =>
  p === undefined ? 'Conditionally' : p.causesReplacement === 'yes' ? 'Always' : p.causesReplacement === 'maybe' ? 'Conditionally' : 'Never';

/** Each top-level property whose value differs between two resolved property sets, with what changing it requires. */
export function propertyRecreations(resourceType: string, before: Values, after: Values): PropertyRecreation[] {
  const spec = resourceSpecification(resourceType);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !sameValue(before[k], after[k])).sort();
  return names.map((name) => {
    if (!spec) return { name, requiresRecreation: 'Conditionally' };
    let requires = recreationOf(spec.properties[name], before[name], after[name]);
    for (const path of spec.additionalReplacementProperties ?? []) {
      if (path[0] === name && !sameValue(at(before, path), at(after, path))) requires = 'Always';
    }
    return { name, requiresRecreation: requires };
  });
}

/** A resource's Replacement from its changed properties; `dynamic` names those whose new value is only known when the update runs. */
export function replacementOf(changes: PropertyRecreation[], dynamic: ReadonlySet<string> = new Set()): Replacement {
  const reported = changes.map((c) => (c.requiresRecreation === 'Always' && dynamic.has(c.name) ? 'Conditionally' : c.requiresRecreation));
  const worst = reported.reduce<RequiresRecreation>(strongest, 'Never');
  return worst === 'Always' ? 'True' : worst === 'Conditionally' ? 'Conditional' : 'False';
}

/** What changing one property requires: its own causesReplacement, else the strongest of the changed parts of its structure. */
function recreationOf(property: Property | undefined, before: unknown, after: unknown): RequiresRecreation {
  const own = fromSpec(property);
  if (own !== 'Never' || property === undefined) return own;
  return nestedRecreation(property.type, before, after);
}

function nestedRecreation(type: PropertyType, before: unknown, after: unknown): RequiresRecreation {
  if (type.type === 'array' && Array.isArray(before) && Array.isArray(after)) {
    // a list that grows or shrinks adds or removes whole structures: judge those against an empty one
    const length = Math.max(before.length, after.length);
    let worst: RequiresRecreation = 'Never';
    for (let i = 0; i < length; i++) worst = strongest(worst, nestedRecreation(type.element, before[i] ?? {}, after[i] ?? {}));
    return worst;
  }
  const properties = structureProperties(type);
  if (!properties || !isRecord(before) || !isRecord(after)) return 'Never';
  let worst: RequiresRecreation = 'Never';
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (sameValue(before[key], after[key])) continue;
    worst = strongest(worst, key in properties ? recreationOf(properties[key], before[key], after[key]) : 'Conditionally');
  }
  return worst;
}

const isRecord = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (value: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), value);

/** Equal as CloudFormation compares template values: structure, not key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
}
