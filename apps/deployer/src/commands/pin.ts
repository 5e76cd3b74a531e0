// cagw pin: resolves the images a profile names by tag (BASE_IMAGE, DB_CLIENT_IMAGE,
// COLLECTOR_IMAGE) to the digests their registries serve now, through the distribution API, and
// records them in the pins lock beside the profile (profiles/my.env → profiles/my.pins.lock.json),
// which every later run reads, as package-lock.json is for npm. A pin the profile sets by hand
// (BASE_DIGEST, DB_CLIENT_IMAGE_URI, COLLECTOR_IMAGE_URI) wins over the lock and is updated in
// the profile, keeping its comments and order. --check only reports drift: exit 0 when every
// pin matches, 1 when one is missing or differs, naming each image.
import { readFileSync, writeFileSync } from 'node:fs';
import { CagwError } from '@cagw/errors';
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { formatImageReference, parseImageReference } from '../image/image-reference.ts';
import { profileValue, setProfileValue } from '../image/profile-pins.ts';
import { PIN_SOURCES, pinSourceImage, pinsLockPath, readPinsLock, writePinsLock, type PinVariable } from '../image/pins-lock.ts';
import { resolveManifestDigest } from '../image/registry-client.ts';
import { pinsMissingError, pinValue, type PinState } from '../image/resolve-pins.ts';

interface Pin {
  variable: PinVariable;
  /** the image by tag, as the profile names it */
  from: string;
  /** where the pin in use is kept: the profile (by hand) or the lock */
  source: 'profile' | 'lock';
  pinned: string | undefined;
  current: string;
  registry: string;
  digest: string;
}

export const pinCommand = defineCommand({
  name: 'pin',
  summary: "Pin the profile's base, database client and collector images to the digests their registries serve now",
  details: [
    'BASE_DIGEST is resolved from BASE_IMAGE (default debian:bookworm-slim), DB_CLIENT_IMAGE_URI from',
    'DB_CLIENT_IMAGE (default public.ecr.aws/docker/library/postgres:16-alpine), COLLECTOR_IMAGE_URI from',
    'COLLECTOR_IMAGE (default public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3) when the',
    'collector is on or COLLECTOR_IMAGE is set. The digests go in the lock beside the profile',
    '(profiles/my.env -> profiles/my.pins.lock.json: image, registry, digest, when resolved), which',
    'plan, preflight and deploy read; commit it with the profile. A deploy or preflight writes the pins',
    'the lock lacks by itself when the registries answer; without network it names every missing one.',
    'A pin the profile sets by hand wins over the lock, and is updated in the profile (comments kept).',
    'Each registry is asked anonymously (its token service, where it has one); plain http only on 127.0.0.1.',
    'With --check nothing is written: exit 0 when every pin matches, 1 when one is missing or has drifted.',
    '',
    'Examples:',
    '  cagw pin --profile profiles/my.env           resolve and record every pin',
    '  cagw pin --profile profiles/my.env --check   in CI: fail when a registry serves another digest',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    check: { type: 'boolean', desc: 'report drift only; write nothing (exit 1 on drift, naming each image)' },
    json: { type: 'boolean', desc: 'print [{ variable, from, source, pinned, current }] as one JSON document' },
  },
  async run(flags, _positionals, io) {
    if (!flags.profile) {
      throw new CagwError('ProfileRequired', 'cagw pin records the digests beside a profile file, and none was given', {
        source: 'user', where: '--profile', fix: 'run cagw pin --profile profiles/<name>.env',
      });
    }
    const settings = loadProfile(flags.profile, io);
    const text = readFileSync(flags.profile, 'utf8');
    const lockPath = pinsLockPath(flags.profile);
    const lock = readPinsLock(lockPath);
    const variables: PinVariable[] = ['BASE_DIGEST', 'DB_CLIENT_IMAGE_URI'];
    if (settings.ENABLE_COLLECTOR || settings.COLLECTOR_IMAGE) variables.push('COLLECTOR_IMAGE_URI');
    const answers = await Promise.all(variables.map(async (variable) => {
      const from = pinSourceImage(settings, variable);
      try {
        const ref = parseImageReference(from, PIN_SOURCES[variable]);
        return { variable, from, ref, digest: await resolveManifestDigest(ref) };
      } catch (e) {
        return { variable, from, error: e };
      }
    }));
    const failed = answers.filter((a) => 'error' in a);
    // one image: its own error (ImageNotFound, RegistryUnreachable); several: one naming each
    if (failed.length === 1) throw failed[0]!.error;
    if (failed.length > 1) {
      throw pinsMissingError(failed.map((a): PinState => ({ variable: a.variable, image: a.from, from: 'missing', reason: CagwError.is(a.error) ? a.error.message : String(a.error) })), flags.profile);
    }
    const pins: Pin[] = answers.map((a) => {
      const { variable, from, ref, digest } = a as Required<Omit<typeof a, 'error'>>;
      const byHand = profileValue(text, variable);
      const locked = lock.pins[variable];
      return {
        variable, from: formatImageReference(ref!), source: byHand ? 'profile' : 'lock',
        // a lock entry of another image (the tag was edited) pins nothing any more
        pinned: byHand ?? (locked?.image === from ? locked.value : undefined),
        current: pinValue(variable, from, digest!), registry: ref!.registry, digest: digest!,
      };
    });
    const drifted = pins.filter((p) => p.pinned !== p.current);
    const where = (p: Pin) => (p.source === 'profile' ? flags.profile! : lockPath);
    if (flags.json) io.result(pins.map(({ variable, from, source, pinned, current }) => ({ variable, from, source, pinned, current })));
    else {
      io.result(pins.map((p) => p.pinned === p.current
        ? `${p.variable}: up to date (${p.from} is ${p.current})`
        : `${p.variable}: ${p.pinned ? `pinned ${p.pinned} in ${where(p)}, but` : 'not pinned;'} ${p.from} is ${p.current} now${flags.check ? '' : ` (written to ${where(p)})`}`).join('\n'));
    }
    if (flags.check) {
      if (drifted.length > 0) io.error(`${drifted.map((p) => `${p.variable} (${p.from})`).join(', ')} ${drifted.length === 1 ? 'differs' : 'differ'} from what the registry serves: run cagw pin --profile ${flags.profile} to update, then review the change`);
      return drifted.length > 0 ? 1 : 0;
    }
    const inProfile = drifted.filter((p) => p.source === 'profile');
    if (inProfile.length > 0) {
      let updated = text;
      for (const p of inProfile) updated = setProfileValue(updated, p.variable, p.current, `pinned by cagw pin from ${p.from}`);
      writeFileSync(flags.profile, updated);
    }
    const inLock = drifted.filter((p) => p.source === 'lock');
    if (inLock.length > 0) {
      const resolvedAt = new Date().toISOString();
      for (const p of inLock) lock.pins[p.variable] = { image: pinSourceImage(settings, p.variable), registry: p.registry, digest: p.digest, value: p.current, resolvedAt };
      writePinsLock(lockPath, lock);
    }
    return 0;
  },
});
