// Checks every resource against the CloudFormation resource specification: the type exists,
// each property name exists (nested ones too, where the value is written out), required
// properties are present, literals have the right shape and an allowed value, and every
// `Fn::GetAtt` (or `${Resource.Attribute}` in Fn::Sub) names an attribute the type has.
import type { Finding } from './finding.ts';
import { asRecord } from './template-values.ts';
import { collectReferences, intrinsicOf } from './intrinsics.ts';
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';
import type { PropertyType, ResourceSpecs } from './spec-database.ts';
import type { Property } from '@aws-cdk/service-spec-types';

const isCustom = (type: string) => type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

export function checkAgainstSpec(template: ParsedTemplate, specs: ResourceSpecs): Finding[] {
  const findings: Finding[] = [];
  const report = (path: TemplatePath, rule: string, message: string, fix: string) =>
    findings.push({ file: template.file, line: template.lineOf(path), rule, message, fix });
  const resources = asRecord(template.body.Resources);

  for (const [id, resource] of Object.entries(resources)) {
    const r = asRecord(resource);
    const type = r.Type;
    if (typeof type !== 'string') {
      report(['Resources', id], 'SPEC_MISSING_TYPE', `resource ${id} has no Type`, 'add Type: AWS::<Service>::<Resource>');
      continue;
    }
    if (isCustom(type)) continue;
    const spec = specs.resourceType(type);
    if (!spec) {
      report(['Resources', id, 'Type'], 'SPEC_UNKNOWN_TYPE', `resource ${id} has type ${type}, which CloudFormation does not have`,
        'use a resource type from the CloudFormation resource reference (check the spelling and case)');
      continue;
    }
    const props = r.Properties;
    if (props !== undefined && intrinsicOf(props)) continue; // whole property block chosen by Fn::If
    checkObject(asRecord(props), spec.properties, ['Resources', id, 'Properties'], `${id} (${type})`);
  }

  // Fn::GetAtt anywhere (resources and outputs) must name an attribute of the target's type
  for (const section of ['Resources', 'Outputs']) {
    for (const found of collectReferences(template.body[section], [section])) {
      // `${Resource.Attribute}` in Fn::Sub is a GetAtt too
      const ref = found.kind === 'sub' && found.name.includes('.') && !found.name.startsWith('AWS::')
        ? { resource: found.name.slice(0, found.name.indexOf('.')), attribute: found.name.slice(found.name.indexOf('.') + 1), path: found.path }
        : found.kind === 'getatt' ? found : undefined;
      if (!ref) continue;
      const target = asRecord(resources[ref.resource]);
      const type = target.Type;
      if (typeof type !== 'string' || isCustom(type)) continue; // unknown targets are reported by check-references
      const spec = specs.resourceType(type);
      if (spec && !(ref.attribute in spec.attributes)) {
        const known = Object.keys(spec.attributes).join(', ') || 'none';
        report(ref.path, 'SPEC_UNKNOWN_ATTRIBUTE', `!GetAtt ${ref.resource}.${ref.attribute}: ${type} has no attribute ${ref.attribute}`,
          `use one of: ${known}`);
      }
    }
  }
  return findings;

  function checkObject(value: Record<string, unknown>, properties: Record<string, Property>, path: TemplatePath, what: string) {
    for (const [name, prop] of Object.entries(properties)) {
      if (prop.required && !(name in value)) {
        report(path, 'SPEC_MISSING_REQUIRED', `${what} lacks required property ${name}`, `add ${name} under ${path.slice(2).join('.') || 'Properties'}`);
      }
    }
    for (const [name, v] of Object.entries(value)) {
      const prop = properties[name];
      if (!prop) {
        report([...path, name], 'SPEC_UNKNOWN_PROPERTY', `${what} has no property ${name}`,
          `use one of: ${Object.keys(properties).sort().join(', ')}`);
        continue;
      }
      checkValue(v, prop.type, [...path, name], `${what} ${name}`);
    }
  }

  function checkValue(value: unknown, type: PropertyType, path: TemplatePath, what: string): void {
    const call = intrinsicOf(value);
    if (call) {
      // both branches of an Fn::If must fit the property; other intrinsics are resolved by CloudFormation
      if (call.fn === 'Fn::If' && Array.isArray(call.arg)) {
        call.arg.slice(1).forEach((branch, i) => checkValue(branch, type, [...path, 'Fn::If', i + 1], what));
      }
      return;
    }
    if (type.type === 'string' && type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)) {
      report(path, 'SPEC_VALUE_NOT_ALLOWED', `${what} is "${value}", which is not one of ${type.allowedValues.join(', ')}`,
        `use one of: ${type.allowedValues.join(', ')}`);
      return;
    }
    const wrong = wrongShape(value, type);
    if (wrong) {
      report(path, 'SPEC_WRONG_TYPE', `${what} should be ${wrong}, not ${JSON.stringify(value)?.slice(0, 60)}`, `give ${what.split(' ').pop()} ${wrong}`);
      return;
    }
    switch (type.type) {
      case 'ref': {
        const def = specs.typeDefinition(type);
        if (def && value && typeof value === 'object' && !Array.isArray(value)) {
          checkObject(value as Record<string, unknown>, def.properties, path, what);
        }
        return;
      }
      case 'array':
        if (Array.isArray(value)) value.forEach((v, i) => checkValue(v, type.element, [...path, i], what));
        return;
      case 'map':
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [k, v] of Object.entries(value)) checkValue(v, type.element, [...path, k], what);
        }
        return;
      case 'union': {
        // check against the object shape when the union offers exactly one
        const refs = type.types.filter((t) => t.type === 'ref');
        if (refs.length === 1 && value && typeof value === 'object' && !Array.isArray(value)) checkValue(value, refs[0]!, path, what);
        return;
      }
      case 'tag':
        // the spec's built-in tag type: exactly Key and Value
        if (value && typeof value === 'object' && !Array.isArray(value)) checkObject(value as Record<string, unknown>, TAG_PROPERTIES, path, what);
        return;
      default:
        return;
    }
  }
}

const TAG_PROPERTIES: Record<string, Property> = {
  Key: { required: true, type: { type: 'string' } },
  Value: { required: true, type: { type: 'string' } },
};

/**
 * What a literal value should have been, when its shape cannot fit the spec type. CloudFormation
 * converts scalars itself ("true" for a boolean, "5" for a number), so only shapes it cannot
 * convert are wrong.
 */
function wrongShape(value: unknown, type: PropertyType): string | undefined {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  switch (type.type) {
    case 'boolean':
      return typeof value === 'boolean' || /^(true|false)$/i.test(String(value)) ? undefined : 'a boolean';
    case 'integer':
    case 'number':
      return (typeof value === 'number' || typeof value === 'string') && String(value).trim() !== '' && !Number.isNaN(Number(value)) ? undefined : 'a number';
    case 'string':
    case 'date-time':
      return Array.isArray(value) || isObject ? 'a single value' : undefined;
    case 'array':
      return Array.isArray(value) ? undefined : 'a list';
    case 'ref':
    case 'tag':
      return isObject ? undefined : 'a mapping';
    default:
      return undefined;
  }
}
