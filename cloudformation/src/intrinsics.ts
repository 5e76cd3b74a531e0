// Finds the references inside a template value: `Ref`, `Fn::GetAtt`, the variables of
// `Fn::Sub`, and the conditions named by `Fn::If` / `Condition`. Each comes with its path.
import type { TemplatePath } from './parse-template.ts';

export type Reference =
  | { kind: 'ref'; name: string; path: TemplatePath }
  | { kind: 'getatt'; resource: string; attribute: string; path: TemplatePath }
  | { kind: 'sub'; name: string; path: TemplatePath }
  | { kind: 'condition'; name: string; path: TemplatePath };

/** A plain object with one key that is `Ref`, `Condition` or `Fn::*`: an intrinsic call. */
export function intrinsicOf(value: unknown): { fn: string; arg: unknown } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const fn = keys[0]!;
  if (fn !== 'Ref' && fn !== 'Condition' && !fn.startsWith('Fn::')) return undefined;
  return { fn, arg: (value as Record<string, unknown>)[fn] };
}

/** `${Name}` and `${Resource.Attribute}` in a Fn::Sub string; `${!Literal}` is not a variable. */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!.trim());
}

export function collectReferences(value: unknown, path: TemplatePath, out: Reference[] = []): Reference[] {
  const call = intrinsicOf(value);
  if (call) {
    const at = [...path, call.fn];
    switch (call.fn) {
      case 'Ref':
        if (typeof call.arg === 'string') out.push({ kind: 'ref', name: call.arg, path: at });
        else collectReferences(call.arg, at, out);
        return out;
      case 'Condition':
        if (typeof call.arg === 'string') out.push({ kind: 'condition', name: call.arg, path: at });
        return out;
      case 'Fn::GetAtt': {
        const [resource, attribute] = Array.isArray(call.arg) ? call.arg : [];
        if (typeof resource === 'string') {
          out.push({ kind: 'getatt', resource, attribute: typeof attribute === 'string' ? attribute : '', path: at });
        }
        if (typeof attribute !== 'string') collectReferences(attribute, [...at, 1], out);
        return out;
      }
      case 'Fn::If': {
        const [name, ...branches] = Array.isArray(call.arg) ? call.arg : [];
        if (typeof name === 'string') out.push({ kind: 'condition', name, path: at });
        branches.forEach((b, i) => collectReferences(b, [...at, i + 1], out));
        return out;
      }
      case 'Fn::Sub': {
        const [text, locals] = typeof call.arg === 'string' ? [call.arg, {}] : Array.isArray(call.arg) ? call.arg : [];
        const localNames = new Set(locals && typeof locals === 'object' ? Object.keys(locals) : []);
        if (typeof text === 'string') {
          for (const name of subVariables(text)) {
            if (!localNames.has(name)) out.push({ kind: 'sub', name, path: at });
          }
        }
        if (locals) collectReferences(locals, [...at, 1], out);
        return out;
      }
      default:
        collectReferences(call.arg, at, out);
        return out;
    }
  }
  if (Array.isArray(value)) value.forEach((v, i) => collectReferences(v, [...path, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectReferences(v, [...path, k], out);
  }
  return out;
}
