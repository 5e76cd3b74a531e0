// What the fake CloudFormation needs to know about a template: its parameters, which
// resources exist under the given parameter values (conditions evaluated), what each
// resource refers to (so creation follows dependencies), and its outputs.
import { parseTemplate } from '@cagw/cloudformation';

export interface ModelResource {
  logicalId: string;
  type: string;
  /** the resource body as plain values (long-form intrinsics) */
  body: unknown;
  /** logical ids of resources this one refers to or depends on */
  dependsOn: string[];
  /** parameters this resource refers to */
  parameters: string[];
  deletionPolicy: string | undefined;
}

export interface TemplateModel {
  parameters: Record<string, { type: string; default: string | undefined }>;
  resources: ModelResource[];
  outputs: string[];
}

type Values = Record<string, string>;
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function modelTemplate(templateBody: string, parameterValues: Values): TemplateModel {
  const body = parseTemplate(templateBody, 'template').body;
  const parameters: TemplateModel['parameters'] = {};
  for (const [name, spec] of Object.entries(record(body.Parameters))) {
    const dflt = record(spec).Default;
    parameters[name] = { type: String(record(spec).Type), default: dflt === undefined ? undefined : String(dflt) };
  }
  const values: Values = {};
  for (const [name, p] of Object.entries(parameters)) values[name] = parameterValues[name] ?? p.default ?? '';
  const conditions = record(body.Conditions);
  const holds = (name: unknown): boolean => (typeof name !== 'string' ? true : evaluateCondition(conditions[name], values, conditions));

  const resourceIds = Object.keys(record(body.Resources));
  const resources: ModelResource[] = [];
  for (const [logicalId, raw] of Object.entries(record(body.Resources))) {
    const r = record(raw);
    if (!holds(r.Condition)) continue;
    const refs = collectReferences(r);
    const explicit = Array.isArray(r.DependsOn) ? r.DependsOn.map(String) : typeof r.DependsOn === 'string' ? [r.DependsOn] : [];
    resources.push({
      logicalId,
      type: String(r.Type),
      body: r,
      dependsOn: [...new Set([...refs.filter((x) => resourceIds.includes(x) && x !== logicalId), ...explicit])],
      parameters: refs.filter((x) => x in parameters),
      deletionPolicy: typeof r.DeletionPolicy === 'string' ? r.DeletionPolicy : undefined,
    });
  }
  // a resource whose dependency was conditioned away just starts earlier
  const present = new Set(resources.map((r) => r.logicalId));
  for (const r of resources) r.dependsOn = r.dependsOn.filter((d) => present.has(d));
  const outputs = Object.entries(record(body.Outputs)).filter(([, o]) => holds(record(o).Condition)).map(([k]) => k);
  return { parameters, resources, outputs };
}

/** Names a value refers to through Ref, Fn::GetAtt and ${X} / ${X.Attr} in Fn::Sub. */
function collectReferences(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectReferences(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') into.push(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') into.push(v[0]);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) into.push(m[1] as string);
        if (Array.isArray(v)) collectReferences(v[1], into);
      } else collectReferences(v, into);
    }
  }
  return into;
}

function evaluateCondition(expr: unknown, values: Values, conditions: Record<string, unknown>): boolean {
  const e = record(expr);
  if ('Fn::Equals' in e) {
    const [a, b] = (e['Fn::Equals'] as unknown[]).map((x) => resolveScalar(x, values));
    return a === b;
  }
  if ('Fn::Not' in e) return !evaluateCondition((e['Fn::Not'] as unknown[])[0], values, conditions);
  if ('Fn::And' in e) return (e['Fn::And'] as unknown[]).every((x) => evaluateCondition(x, values, conditions));
  if ('Fn::Or' in e) return (e['Fn::Or'] as unknown[]).some((x) => evaluateCondition(x, values, conditions));
  if ('Condition' in e) return evaluateCondition(conditions[String(e.Condition)], values, conditions);
  return true;
}

function resolveScalar(x: unknown, values: Values): string {
  const e = record(x);
  if (typeof e.Ref === 'string') return values[e.Ref] ?? `<${e.Ref}>`;
  if ('Fn::Join' in e) {
    const [sep, parts] = e['Fn::Join'] as [string, unknown[]];
    return (Array.isArray(parts) ? parts : [parts]).map((p) => resolveScalar(p, values)).join(sep);
  }
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x);
}
