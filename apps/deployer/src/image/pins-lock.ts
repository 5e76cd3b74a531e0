// The pins lock: the digests cagw resolved for the images a profile names by tag, kept beside
// the profile (profiles/my.env → profiles/my.pins.lock.json) so that every later run builds and
// deploys the same bytes, as package-lock.json does for npm. A pin the profile (or the
// environment) sets by hand wins over the lock; an entry whose image the profile no longer
// names (a new tag) is stale and resolved again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';

/** The variables a pin fills, and the variable naming the image by tag each is resolved from. */
export const PIN_SOURCES = { BASE_DIGEST: 'BASE_IMAGE', DB_CLIENT_IMAGE_URI: 'DB_CLIENT_IMAGE', COLLECTOR_IMAGE_URI: 'COLLECTOR_IMAGE' } as const;
export type PinVariable = keyof typeof PIN_SOURCES;
export const PIN_VARIABLES = Object.keys(PIN_SOURCES) as PinVariable[];

export interface LockedPin {
  /** the image by tag, as the profile names it (or cagw's default) */
  image: string;
  /** host[:port] asked for the digest */
  registry: string;
  digest: string;
  /** what the variable is set to: the digest, or the image's repository @ the digest */
  value: string;
  /** ISO 8601 time of the registry's answer */
  resolvedAt: string;
}

export interface PinsLock {
  lockfileVersion: 1;
  pins: Partial<Record<PinVariable, LockedPin>>;
}

/** `profiles/my.env` → `profiles/my.pins.lock.json`. */
export function pinsLockPath(profilePath: string): string {
  return `${profilePath.replace(/\.env$/, '')}.pins.lock.json`;
}

/** The lock beside the profile; an empty one when there is none. */
export function readPinsLock(path: string): PinsLock {
  if (!existsSync(path)) return { lockfileVersion: 1, pins: {} };
  const invalid = (why: string) => new CagwError('PinsLockInvalid', `${path} is not a cagw pins lock: ${why}`, {
    source: 'user', where: path, fix: `delete ${path} and run cagw pin --profile ${path.replace(/\.pins\.lock\.json$/, '.env')} to write it again`,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw invalid((e as Error).message);
  }
  const lock = parsed as Partial<PinsLock> | null;
  if (typeof lock !== 'object' || lock === null || lock.lockfileVersion !== 1) throw invalid('lockfileVersion is not 1');
  if (typeof lock.pins !== 'object' || lock.pins === null) throw invalid('it has no "pins" object');
  for (const [name, pin] of Object.entries(lock.pins)) {
    if (!(PIN_VARIABLES as string[]).includes(name)) throw invalid(`"${name}" is not one of ${PIN_VARIABLES.join(', ')}`);
    const p = pin as Partial<LockedPin>;
    for (const field of ['image', 'registry', 'digest', 'value', 'resolvedAt'] as const) {
      if (typeof p?.[field] !== 'string') throw invalid(`pins.${name}.${field} is not a string`);
    }
    if (!/^sha256:[0-9a-f]{64}$/.test(p.digest!)) throw invalid(`pins.${name}.digest is not sha256: and 64 hex digits`);
    if (!p.value!.endsWith(p.digest!)) throw invalid(`pins.${name}.value does not end in its digest`);
  }
  return lock as PinsLock;
}

/** Writes the lock with its pins in a stable order, so a diff shows only what changed. */
export function writePinsLock(path: string, lock: PinsLock): void {
  const pins = Object.fromEntries(PIN_VARIABLES.filter((v) => lock.pins[v]).map((v) => [v, lock.pins[v]]));
  writeFileSync(path, `${JSON.stringify({ lockfileVersion: 1, pins }, null, 2)}\n`);
}

/**
 * The lock's entry for `variable`, when it was resolved from the image the profile names now.
 * An entry from another image (the tag was edited) is not used.
 */
export function lockedPinFor(lock: PinsLock, variable: PinVariable, image: string | undefined): LockedPin | undefined {
  const pin = lock.pins[variable];
  return pin && image !== undefined && pin.image === image ? pin : undefined;
}

/**
 * Settings with the pins the profile leaves out taken from the lock beside it (no network).
 * What the profile or the environment sets wins; without a profile file there is no lock.
 */
export function withLockedPins<S extends Settings>(settings: S): S {
  if (!settings.profilePath) return settings;
  const lock = readPinsLock(pinsLockPath(settings.profilePath));
  const filled: Partial<Record<PinVariable, string>> = {};
  for (const variable of PIN_VARIABLES) {
    if (settings[variable]) continue;
    const pin = lockedPinFor(lock, variable, pinSourceImage(settings, variable));
    if (pin) filled[variable] = pin.value;
  }
  return Object.keys(filled).length === 0 ? settings : { ...settings, ...filled };
}

/**
 * The collector image resolved when the profile names none: the aws-otel-collector release
 * cagw's collector configuration is written for.
 */
export const DEFAULT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';

/** The image by tag a pin is resolved from. */
export function pinSourceImage(settings: Pick<Settings, 'BASE_IMAGE' | 'DB_CLIENT_IMAGE' | 'COLLECTOR_IMAGE'>, variable: PinVariable): string {
  if (variable === 'BASE_DIGEST') return settings.BASE_IMAGE;
  if (variable === 'DB_CLIENT_IMAGE_URI') return settings.DB_CLIENT_IMAGE;
  return settings.COLLECTOR_IMAGE ?? DEFAULT_COLLECTOR_IMAGE;
}
