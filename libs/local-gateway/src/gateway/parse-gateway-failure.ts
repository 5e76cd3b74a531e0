// The gateway reports a failed boot as one message on stderr after `claude gateway: `, in one
// of three shapes (gateway-runtime.md §1): a JSON array of zod issues, a line-oriented list
// of bad keys in a managed `cli` document, or one plain sentence.

/** One problem the gateway found, at a dotted path such as `oidc.client_secret` or `managed.policies[0].cli.permissions`. */
export interface GatewayFieldError {
  path: string;
  message: string;
  /** the zod issue code, for schema errors */
  code?: string;
}

export interface GatewayFailure {
  kind: 'schema' | 'managed-settings' | 'message';
  errors: GatewayFieldError[];
  /** the gateway's own message, as printed */
  text: string;
}

const PREFIX = 'claude gateway: ';

interface ZodIssue {
  code?: string;
  path?: (string | number)[];
  message?: string;
  keys?: string[];
}

/** Reads the failure message out of the gateway's stderr; undefined when there is none. */
export function parseGatewayFailure(stderr: string): GatewayFailure | undefined {
  const at = stderr.lastIndexOf(PREFIX);
  if (at === -1) return undefined;
  const text = stderr.slice(at + PREFIX.length).trim();
  return parseSchemaIssues(text) ?? parseManagedSettings(text) ?? { kind: 'message', errors: [{ path: '', message: text.split('\n')[0] ?? text }], text };
}

/** `["managed","policies",0,"match"]` → `managed.policies[0].match` */
export function formatFieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function parseSchemaIssues(text: string): GatewayFailure | undefined {
  if (!text.startsWith('[')) return undefined;
  const json = text.slice(0, text.lastIndexOf(']') + 1);
  let issues: unknown;
  try {
    issues = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(issues)) return undefined;
  const errors = (issues as ZodIssue[]).flatMap((issue): GatewayFieldError[] => {
    const path = issue.path ?? [];
    const base = { message: issue.message ?? 'invalid', ...(issue.code ? { code: issue.code } : {}) };
    // one error per unknown key, at the key itself, so a person sees `oidc.client_secrett`
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      return issue.keys.map((key) => ({ ...base, path: formatFieldPath([...path, key]) }));
    }
    return [{ ...base, path: formatFieldPath(path) }];
  });
  return { kind: 'schema', errors, text: json };
}

function parseManagedSettings(text: string): GatewayFailure | undefined {
  const [head, ...lines] = text.split('\n');
  const document = /^(\S+) invalid:$/.exec(head?.trim() ?? '')?.[1];
  if (!document) return undefined;
  const errors = lines
    .filter((line) => /^\s+\S/.test(line))
    .map((line) => {
      const trimmed = line.trim();
      const colon = trimmed.indexOf(': ');
      return colon === -1
        ? { path: document, message: trimmed }
        : { path: `${document}.${trimmed.slice(0, colon)}`, message: trimmed.slice(colon + 2) };
    });
  return { kind: 'managed-settings', errors, text };
}
