// What the fake CloudFormation needs to know about a template: its parameters, which
// resources exist under the given parameter values (conditions evaluated), what each
// resource refers to (so creation follows dependencies), and its outputs.
import { constraintsOf, parseTemplate, type ParameterConstraints } from '@cagw/cloudformation';

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
  /** what happens to the old resource when an update replaces it (Delete, Retain, Snapshot) */
  updateReplacePolicy: string | undefined;
}

export interface TemplateModel {
  parameters: Record<string, { type: string; default: string | undefined; constraints: ParameterConstraints }>;
  resources: ModelResource[];
  /** the outputs whose condition holds */
  outputs: string[];
  /** each present output's Value expression */
  outputValues: Record<string, unknown>;
  /** the parameter values in force (given, else the default) */
  values: Record<string, string>;
  /** the template's Rules section, as written */
  rules: unknown;
}

type Values = Record<string, string>;
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function modelTemplate(templateBody: string, parameterValues: Values): TemplateModel {
  const body = parseTemplate(templateBody, 'template').body;
  const parameters: TemplateModel['parameters'] = {};
  for (const [name, spec] of Object.entries(record(body.Parameters))) {
    const dflt = record(spec).Default;
    parameters[name] = { type: String(record(spec).Type), default: dflt === undefined ? undefined : String(dflt), constraints: constraintsOf(spec) };
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
      updateReplacePolicy: typeof r.UpdateReplacePolicy === 'string' ? r.UpdateReplacePolicy : undefined,
    });
  }
  // a resource whose dependency was conditioned away just starts earlier
  const present = new Set(resources.map((r) => r.logicalId));
  for (const r of resources) r.dependsOn = r.dependsOn.filter((d) => present.has(d));
  const presentOutputs = Object.entries(record(body.Outputs)).filter(([, o]) => holds(record(o).Condition));
  const outputs = presentOutputs.map(([k]) => k);
  const outputValues = Object.fromEntries(presentOutputs.map(([k, o]) => [k, resolveIfs(record(o).Value, (c) => holds(c))]));
  for (const r of resources) r.body = resolveIfs(r.body, (c) => holds(c));
  return { parameters, resources, outputs, outputValues, values, rules: body.Rules };
}

/** The value with every Fn::If replaced by its chosen branch (AWS::NoValue branches dropped). */
function resolveIfs(value: unknown, holds: (condition: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIfs(v, holds)).filter((v) => !isNoValue(v));
  if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    if (Array.isArray(e['Fn::If']) && Object.keys(e).length === 1) {
      const [cond, yes, no] = e['Fn::If'] as [string, unknown, unknown];
      return resolveIfs(holds(cond) ? yes : no, holds);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) {
      const r = resolveIfs(v, holds);
      if (!isNoValue(r)) out[k] = r;
    }
    return out;
  }
  return value;
}
const isNoValue = (v: unknown) => record(v).Ref === 'AWS::NoValue';

export interface ValueLookup {
  parameter(name: string): string | undefined;
  /** a resource's physical id (what Ref returns), undefined when not there */
  resource(logicalId: string): string | undefined;
  attribute(logicalId: string, attribute: string): string | undefined;
  pseudo(name: string): string | undefined;
}

/** A scalar from Ref, Fn::GetAtt, Fn::Sub, Fn::Join and Fn::Select of a literal list; undefined when it cannot be known. */
export function resolveValue(value: unknown, lookup: ValueLookup): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const e = record(value);
  const ref = (name: string) => (name.startsWith('AWS::') ? lookup.pseudo(name) : lookup.parameter(name) ?? lookup.resource(name));
  if (typeof e.Ref === 'string') return ref(e.Ref);
  if (Array.isArray(e['Fn::GetAtt'])) {
    const [id, attr] = e['Fn::GetAtt'] as [string, string];
    return lookup.attribute(id, attr);
  }
  if ('Fn::Sub' in e) {
    const [text, vars] = Array.isArray(e['Fn::Sub']) ? (e['Fn::Sub'] as [string, Record<string, unknown>]) : [e['Fn::Sub'] as string, {}];
    let unknown = false;
    const out = String(text).replace(/\$\{([A-Za-z0-9:]+)(?:\.([A-Za-z0-9.]+))?\}/g, (_, name: string, attr: string | undefined) => {
      const v = name in record(vars) ? resolveValue(record(vars)[name], lookup) : attr ? lookup.attribute(name, attr) : ref(name);
      if (v === undefined) unknown = true;
      return v ?? '';
    });
    return unknown ? undefined : out;
  }
  if (Array.isArray(e['Fn::Join'])) {
    const [sep, parts] = e['Fn::Join'] as [string, unknown[]];
    const values = (Array.isArray(parts) ? parts : []).map((p) => resolveValue(p, lookup));
    return values.some((v) => v === undefined) ? undefined : values.join(sep);
  }
  if (Array.isArray(e['Fn::Select'])) {
    const [index, list] = e['Fn::Select'] as [unknown, unknown];
    if (!Array.isArray(list)) return undefined;
    return resolveValue(list[Number(index)], lookup);
  }
  return undefined;
}

/**
 * A resource's properties with every intrinsic the lookup can answer replaced by its value, and
 * the rest kept as expressions whose arguments are resolved in turn: two property sets compare
 * equal exactly when CloudFormation would see no change (a parameter inside an Fn::Cidr or an
 * Fn::Split still shows). Used to decide what an update modifies and what it replaces.
 */
export function resolveProperties(value: unknown, lookup: ValueLookup): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveProperties(v, lookup));
  if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    const keys = Object.keys(e);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
      const known = resolveValue(value, lookup);
      if (known !== undefined) return known;
    }
    return Object.fromEntries(keys.map((k) => [k, resolveProperties(e[k], lookup)]));
  }
  return value;
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
