// Which profile values the environment replaced: a person who exported AWS_REGION weeks ago
// should learn that it beats the region written in the profile. Returned as data; the CLI prints it.
import type { ProfileFile } from './read-profile-file.ts';
import { secretArn } from './value-types.ts';
import { secretValueVariables, variableCatalog, variableNames, type RawValues, type VariableSpec } from './variable-catalog.ts';

/** One variable whose environment value replaced a different value in the profile, or the default the profile left it at. */
export type EnvironmentOverride =
  | { variable: string; where: string; secret: false; environmentValue: string; profileValue: string }
  /** the profile does not set it: the environment's value beats the catalogue's default */
  | { variable: string; where: 'default'; secret: false; environmentValue: string; defaultValue: string }
  /** a variable that is or names a secret: its values are left out so nothing can print them */
  | { variable: string; where: string; secret: true };

// A name that says it holds or points at a secret, for variables whose type does not say so.
const SECRET_LIKE_NAME = /SECRET|PASSWORD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE_KEY|WRITE_KEY|API_KEY/;

/** True when a variable's values must never be shown: a secret value, or the ARN that names one. */
export function isSecretLike(name: string): boolean {
  const spec = (variableCatalog as Record<string, VariableSpec | undefined>)[name];
  return spec?.type === secretArn || name in secretValueVariables || SECRET_LIKE_NAME.test(name);
}

/**
 * The profile's variables that a non-empty, different environment value replaces, in catalogue
 * order. Names the file `unset`s are not overridden (sourcing the file removes them too).
 */
export function environmentOverrides(file: ProfileFile, env: Readonly<Record<string, string | undefined>>): EnvironmentOverride[] {
  const overrides: EnvironmentOverride[] = [];
  const profileRaw: RawValues = Object.fromEntries([...file.entries].map(([name, entry]) => [name, entry.value]));
  for (const name of variableNames) {
    const entry = file.entries.get(name);
    const fromEnv = env[name];
    if (!entry && fromEnv && !file.unset.has(name) && !isSecretLike(name)) {
      const dflt = defaultOf(name, profileRaw);
      // a variable without a default is simply set from the environment; one at its default changes silently
      if (dflt && dflt !== fromEnv) overrides.push({ variable: name, where: 'default', secret: false, environmentValue: fromEnv, defaultValue: dflt });
      continue;
    }
    if (!entry || entry.value === '' || !fromEnv || fromEnv === entry.value || file.unset.has(name)) continue;
    const where = `${file.path}:${entry.line}`;
    overrides.push(isSecretLike(name) ? { variable: name, where, secret: true } : { variable: name, where, secret: false, environmentValue: fromEnv, profileValue: entry.value });
  }
  return overrides;
}

/** The catalogue's default for a variable, as the profile's own values make it (some defaults follow others). */
function defaultOf(name: string, raw: RawValues): string | undefined {
  const spec = (variableCatalog as Record<string, VariableSpec | undefined>)[name];
  return typeof spec?.default === 'function' ? spec.default(raw) : spec?.default;
}
