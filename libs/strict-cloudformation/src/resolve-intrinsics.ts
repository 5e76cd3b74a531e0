// Resolves a template fragment the way CloudFormation would for given parameter values, so a
// test can read the IAM policy a stack really gets: Ref, Fn::Sub, Fn::Join, Fn::Split, Fn::Select, Fn::If
// (with the template's conditions), Fn::Equals/Not/And/Or, and AWS::NoValue removal.
// Resource attributes (Fn::GetAtt, Ref to a resource) stay as `<Logical.Attr>` placeholders.
import { parseTemplate } from '@cagw/cloudformation';

type Rec = Record<string, unknown>;
const NO_VALUE = Symbol('NoValue');

export interface ResolveContext {
  parameters: Record<string, string>;
  region?: string;
  accountId?: string;
}

export function resolvedResource(templateBody: string, logicalId: string, context: ResolveContext): unknown {
  return templateResolver(templateBody, context).resource(logicalId);
}

/** Resolves resources and conditions of one template under one set of parameter values. */
export function templateResolver(templateBody: string, context: ResolveContext): { resource(logicalId: string): unknown; holds(condition: string): boolean } {
  const body = parseTemplate(templateBody, 'template').body as Rec;
  const specs = (body.Parameters ?? {}) as Record<string, Rec>;
  const listParams = new Set(Object.entries(specs).filter(([, p]) => String(p.Type).startsWith('List<') || p.Type === 'CommaDelimitedList').map(([n]) => n));
  const values: Record<string, string> = {};
  for (const [name, p] of Object.entries(specs)) values[name] = context.parameters[name] ?? (p.Default === undefined ? '' : String(p.Default));
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws', 'AWS::Region': context.region ?? 'us-east-1', 'AWS::AccountId': context.accountId ?? '123456789012',
    'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'claude-gateway-gateway',
  };
  const conditions = (body.Conditions ?? {}) as Rec;
  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name];
    if (name in values) return listParams.has(name) ? (values[name] === '' ? [] : values[name]!.split(',')) : values[name];
    return `<${name}>`;
  };
  const holds = (name: string): boolean => Boolean(resolve(conditions[name]));
  const sub = (text: string, vars: Rec): string => text.replace(/\$\{([^}!]+)\}/g, (_, v: string) => {
    if (v in vars) return String(resolve(vars[v]));
    if (v.includes('.')) return `<${v}>`;
    return String(ref(v));
  });
  function resolve(x: unknown): unknown {
    if (Array.isArray(x)) return x.map(resolve).filter((v) => v !== NO_VALUE);
    if (!x || typeof x !== 'object') return x;
    const e = x as Rec;
    const keys = Object.keys(e);
    if (keys.length === 1) {
      const [k] = keys as [string];
      const a = e[k];
      switch (k) {
        case 'Ref': return ref(String(a));
        case 'Fn::GetAtt': return `<${Array.isArray(a) ? a.join('.') : String(a)}>`;
        case 'Fn::Sub': return Array.isArray(a) ? sub(String(a[0]), (a[1] ?? {}) as Rec) : sub(String(a), {});
        case 'Fn::Join': { const [sep, parts] = a as [string, unknown]; return (resolve(parts) as unknown[]).join(sep); }
        case 'Fn::Split': { const [sep, text] = a as [string, unknown]; return String(resolve(text)).split(sep); }
        case 'Fn::Select': { const [i, list] = a as [unknown, unknown]; return (resolve(list) as unknown[])[Number(resolve(i))]; }
        case 'Fn::If': { const [c, yes, no] = a as [string, unknown, unknown]; return resolve(holds(c) ? yes : no); }
        case 'Fn::Equals': { const [l, r] = a as [unknown, unknown]; return String(resolve(l)) === String(resolve(r)); }
        case 'Fn::Not': return !resolve((a as unknown[])[0]);
        case 'Fn::And': return (a as unknown[]).every((c) => Boolean(resolve(c)));
        case 'Fn::Or': return (a as unknown[]).some((c) => Boolean(resolve(c)));
        case 'Condition': return holds(String(a));
        default: break;
      }
    }
    const out: Rec = {};
    for (const [k, v] of Object.entries(e)) {
      const r = resolve(v);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }
  return {
    resource(logicalId) {
      const resource = ((body.Resources ?? {}) as Rec)[logicalId];
      if (resource === undefined) throw new Error(`resolvedResource: no resource ${logicalId}`);
      return resolve(resource);
    },
    holds,
  };
}
