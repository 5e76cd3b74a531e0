// Which resources carry a name the template chose, read from the resource specification.
//
// CloudFormation replaces a resource by creating the new one before it deletes the old one
// ("Update behaviors of stack resources", CloudFormation User Guide), so a replacement must not
// reuse the identity the old resource holds: "If you specify a name, you cannot perform updates
// that require replacement of this resource" ("Name type", CloudFormation User Guide), and such
// an update fails with "CloudFormation cannot update a stack when a custom-named resource
// requires replacing. Rename <name> and update the stack again."
//
// The rule, from the specification rather than a list of ours:
// 1. the type's primary identifier (the registry schema's `primaryIdentifier`, which "uniquely
//    identifies a resource in an account") when every part of it is a property the template
//    sets — `RepositoryName`, `[UserPoolId, Username]`, `DBInstanceIdentifier`; an identifier
//    made of read-only attributes (`Id`, an ARN) is the service's to choose, never custom;
// 2. else a property whose specification text says the name rule above ("If you specify a name,
//    you cannot perform updates that require replacement of this resource"), as for an
//    Application Load Balancer's `Name`, when the template sets it.
// The custom name is the value of those properties; two resources with the same one collide.
import { resourceSpecification } from './resource-specification.ts';

export interface CustomName {
  /** the properties that make up the name, in the specification's order */
  properties: string[];
  /** their values, joined with '|' (e.g. `us-east-1_AbCdEfGhI|admin@example.com`) */
  name: string;
}

const NAME_RULE = /if you specify a name, you (?:cannot|can't|can not) perform updates that require replacement of this resource/i;

/** The properties that hold a type's custom name, by the rule above; [] when it has none. */
export function customNameProperties(resourceType: string): string[] {
  const spec = resourceSpecification(resourceType);
  if (!spec) return [];
  const identifier = spec.primaryIdentifier ?? [];
  if (identifier.length > 0 && identifier.every((p) => p in spec.properties)) return identifier;
  return Object.entries(spec.properties).filter(([, p]) => NAME_RULE.test(p.documentation ?? '')).map(([name]) => name);
}

/** The custom name a resource's resolved properties give it, undefined when the template leaves naming to the service. */
export function customNameOf(resourceType: string, properties: Record<string, unknown>): CustomName | undefined {
  const names = customNameProperties(resourceType);
  if (names.length === 0 || names.some((p) => properties[p] === undefined || properties[p] === '')) return undefined;
  const values = names.map((p) => properties[p]);
  if (values.some((v) => typeof v !== 'string' && typeof v !== 'number')) return undefined;
  return { properties: names, name: values.map(String).join('|') };
}
