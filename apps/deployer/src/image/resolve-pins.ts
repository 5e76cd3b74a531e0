// The pins a deploy needs, filled the way npm fills package-lock.json: what the profile sets by
// hand first, then the lock beside it, and only then the registry, whose answer is recorded in
// the lock so that later runs (and other machines with the same lock) use the same digests.
// A pin that cannot be resolved (no network, a private registry) is reported with every other
// one at once, never one run at a time.
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';
import { parseImageReference, type ImageReference } from './image-reference.ts';
import { lockedPinFor, PIN_SOURCES, pinSourceImage, pinsLockPath, readPinsLock, writePinsLock, type PinVariable } from './pins-lock.ts';
import { resolveManifestDigest } from './registry-client.ts';

export type ResolveDigest = (ref: ImageReference) => Promise<string>;

export interface PinState {
  variable: PinVariable;
  /** the image by tag it is resolved from */
  image: string;
  from: 'profile' | 'lock' | 'registry' | 'missing';
  value?: string;
  /** why a missing pin could not be resolved */
  reason?: string;
}

export interface ResolvedPins<S extends Settings> {
  /** the settings with every pin that could be had */
  settings: S;
  pins: PinState[];
  /** the lock written with newly resolved pins, if any */
  lockWritten?: string;
}

/** The pins a deploy of these settings needs. */
export function pinsNeeded(settings: Pick<Settings, 'BUILD_IMAGE' | 'BASE_IMAGE' | 'ENABLE_COLLECTOR'>): PinVariable[] {
  const needed: PinVariable[] = [];
  // BASE_IMAGE=name@sha256:… pins the base by hand
  if (settings.BUILD_IMAGE && !settings.BASE_IMAGE.includes('@')) needed.push('BASE_DIGEST');
  needed.push('DB_CLIENT_IMAGE_URI');
  if (settings.ENABLE_COLLECTOR) needed.push('COLLECTOR_IMAGE_URI');
  return needed;
}

/** The variable set to the image's repository (as written) at `digest`, or the digest itself for BASE_DIGEST. */
export function pinValue(variable: PinVariable, image: string, digest: string): string {
  return variable === 'BASE_DIGEST' ? digest : `${image.replace(/:[^:/]+$/, '')}@${digest}`;
}

/**
 * Fills the pins `variables` (default: the ones a deploy needs) from the profile, the lock, then
 * the registry, and records what the registry answered in the lock beside the profile.
 */
export async function resolvePins<S extends Settings>(settings: S, options: { variables?: PinVariable[]; resolve?: ResolveDigest; now?: () => Date } = {}): Promise<ResolvedPins<S>> {
  const resolve = options.resolve ?? ((ref: ImageReference) => resolveManifestDigest(ref));
  const lockPath = settings.profilePath ? pinsLockPath(settings.profilePath) : undefined;
  const lock = lockPath ? readPinsLock(lockPath) : { lockfileVersion: 1 as const, pins: {} };
  const pins = await Promise.all((options.variables ?? pinsNeeded(settings)).map(async (variable): Promise<PinState> => {
    const image = pinSourceImage(settings, variable);
    const byHand = settings[variable];
    if (byHand) return { variable, image, from: 'profile', value: byHand };
    const locked = lockedPinFor(lock, variable, image);
    if (locked) return { variable, image, from: 'lock', value: locked.value };
    try {
      const ref = parseImageReference(image, PIN_SOURCES[variable]);
      const digest = await resolve(ref);
      const value = pinValue(variable, image, digest);
      lock.pins[variable] = { image, registry: ref.registry, digest, value, resolvedAt: (options.now?.() ?? new Date()).toISOString() };
      return { variable, image, from: 'registry', value };
    } catch (e) {
      return { variable, image, from: 'missing', reason: CagwError.is(e) ? e.message : (e as Error).message };
    }
  }));
  const fresh = pins.filter((p) => p.from === 'registry');
  if (lockPath && fresh.length > 0) writePinsLock(lockPath, lock);
  const filled = Object.fromEntries(pins.filter((p) => p.value && p.from !== 'profile').map((p) => [p.variable, p.value]));
  return { settings: { ...settings, ...filled }, pins, ...(lockPath && fresh.length > 0 ? { lockWritten: lockPath } : {}) };
}

/** The command that resolves the missing pins and records them. */
export function pinCommandFor(profilePath: string | undefined): string {
  return profilePath ? `cagw pin --profile ${profilePath}` : 'cagw pin --profile <your profile file>';
}

/** One error naming every pin that could not be had, with the command that resolves them all. */
export function pinsMissingError(missing: readonly PinState[], profilePath: string | undefined): CagwError {
  const lines = missing.map((p) => `  - ${p.variable} (the digest of ${p.image}): ${p.reason ?? 'not resolved'}`);
  return new CagwError('PinsMissing', `${missing.length} image pin(s) missing, and the registry could not be asked:\n${lines.join('\n')}`, {
    source: 'user', where: missing.map((p) => p.variable).join(', '), fix: pinsMissingFix(profilePath),
  });
}

export function pinsMissingFix(profilePath: string | undefined): string {
  const lock = profilePath ? pinsLockPath(profilePath) : '<profile>.pins.lock.json';
  return `run ${pinCommandFor(profilePath)} on a machine that reaches the registries: it records every digest in ${lock}, which later runs use (commit it beside the profile); or set the variables by hand`;
}
