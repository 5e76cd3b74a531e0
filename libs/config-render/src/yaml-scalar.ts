// Every value that reaches a template goes through here, so no profile value can break the
// document or add keys (the original's sed/bash rendering broke on `&`, `#`, quotes, `,`, `]`).
import { parse } from 'yaml';

// Plain (unquoted) only for boring values: letters, digits and a few inner punctuation marks
// that mean nothing in flow or block context. Everything else is double-quoted.
const BORING = /^[A-Za-z0-9_][A-Za-z0-9_./@+:-]*$/;

// Characters YAML does not allow raw in a document (or that some parsers treat as line
// breaks) but JSON.stringify leaves raw: DEL, C1 controls, the Unicode line separators,
// BOM and the non-characters. JSON escapes everything below U+0020 and lone surrogates itself.
const RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

// Group names, model ids and tool names repeat across hundreds of policies: remember answers.
const plainSafeCache = new Map<string, boolean>();

/** true when `value` reads back as the same string under both YAML 1.1 and 1.2 rules */
function isPlainSafe(value: string): boolean {
  if (!BORING.test(value) || value.endsWith(':')) return false;
  let safe = plainSafeCache.get(value);
  if (safe === undefined) {
    // yes/no/on/off, numbers, timestamps, sexagesimals... would read back as something else
    safe = parse(value, { version: '1.1' }) === value && parse(value, { version: '1.2' }) === value;
    if (plainSafeCache.size > 10_000) plainSafeCache.clear();
    plainSafeCache.set(value, safe);
  }
  return safe;
}

/** A YAML 1.2 double-quoted scalar (JSON strings are valid YAML) with the stragglers escaped. */
export function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One scalar, safe anywhere a YAML value or key may stand, in block or flow context. */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot render the number ${value} in YAML`);
    return String(value);
  }
  return isPlainSafe(value) ? value : doubleQuoted(value);
}

/** A flow sequence of safe scalars, e.g. `[openid, "a,b"]`. */
export function yamlFlowList(values: readonly (string | number | boolean)[]): string {
  return `[${values.map(yamlScalar).join(', ')}]`;
}
