import { randomBytes } from 'node:crypto';

// `${VAR}` is an environment variable (boot fails when it is unset); `${file:/abs}` is a file
// and stays as written.
const VARIABLE_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Every `${VAR}` name used in the string values of a config, in first-seen order. */
export function referencedVariables(config: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const match of value.matchAll(VARIABLE_REFERENCE)) names.add(match[1] as string);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(config);
  return [...names];
}

/**
 * Throwaway values for the variables the config references but `env` does not set. They are
 * long random strings: long enough for `session.jwt_secret` and admin keys (32+ characters).
 * They only go into the gateway's environment; never print them.
 */
export function throwawayValuesForUnset(config: unknown, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const name of referencedVariables(config)) {
    if (env[name] === undefined) filled[name] = randomBytes(36).toString('base64url');
  }
  return filled;
}
