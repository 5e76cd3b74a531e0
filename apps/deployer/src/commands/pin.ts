// cagw pin: resolves the images a profile names by tag (BASE_IMAGE, DB_CLIENT_IMAGE,
// COLLECTOR_IMAGE) to the digests their registries serve now, through the distribution API, and
// writes them into the profile (BASE_DIGEST, DB_CLIENT_IMAGE_URI, COLLECTOR_IMAGE_URI) keeping
// its comments and order. --check only
// reports drift: exit 0 when every pin matches, 1 when one is missing or differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { CagwError } from '@cagw/errors';
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { formatImageReference, parseImageReference } from '../image/image-reference.ts';
import { profileValue, setProfileValue } from '../image/profile-pins.ts';
import { resolveManifestDigest } from '../image/registry-client.ts';

/** Each pin and the tag variable it is resolved from. */
const SOURCES = { BASE_DIGEST: 'BASE_IMAGE', DB_CLIENT_IMAGE_URI: 'DB_CLIENT_IMAGE', COLLECTOR_IMAGE_URI: 'COLLECTOR_IMAGE' } as const;

interface Pin {
  variable: keyof typeof SOURCES;
  /** the image by tag, as the profile names it */
  from: string;
  pinned: string | undefined;
  current: string;
}

export const pinCommand = defineCommand({
  name: 'pin',
  summary: "Pin the profile's base, database client and collector images to the digests their registries serve now",
  details: [
    'BASE_DIGEST is resolved from BASE_IMAGE (default debian:bookworm-slim), DB_CLIENT_IMAGE_URI from',
    'DB_CLIENT_IMAGE (default public.ecr.aws/docker/library/postgres:16-alpine), COLLECTOR_IMAGE_URI from',
    'COLLECTOR_IMAGE (e.g. public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3) when it is set.',
    'Each registry is asked anonymously (its token service, where it has one); plain http only on 127.0.0.1.',
    'The profile keeps its comments and order; a pin it lacks is appended.',
    'With --check nothing is written: exit 0 when every pin matches, 1 when one is missing or has drifted.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    check: { type: 'boolean', desc: 'report drift only; write nothing (exit 1 on drift)' },
    json: { type: 'boolean', desc: 'print [{ variable, from, pinned, current }] as one JSON document' },
  },
  async run(flags, _positionals, io) {
    if (!flags.profile) {
      throw new CagwError('ProfileRequired', 'cagw pin writes the digests into a profile file, and none was given', {
        source: 'user', where: '--profile', fix: 'run cagw pin --profile profiles/<name>.env',
      });
    }
    const settings = loadProfile(flags.profile, io);
    const text = readFileSync(flags.profile, 'utf8');
    const wanted: { variable: Pin['variable']; from: string }[] = [
      { variable: 'BASE_DIGEST', from: settings.BASE_IMAGE },
      { variable: 'DB_CLIENT_IMAGE_URI', from: settings.DB_CLIENT_IMAGE },
    ];
    if (settings.COLLECTOR_IMAGE) wanted.push({ variable: 'COLLECTOR_IMAGE_URI', from: settings.COLLECTOR_IMAGE });
    const pins: Pin[] = [];
    for (const { variable, from } of wanted) {
      const ref = parseImageReference(from, SOURCES[variable]);
      const digest = await resolveManifestDigest(ref);
      // An image URI is named as the profile wrote it, minus the tag, plus the digest.
      const current = variable === 'BASE_DIGEST' ? digest : `${from.replace(/:[^:/]+$/, '')}@${digest}`;
      pins.push({ variable, from: formatImageReference(ref), pinned: profileValue(text, variable), current });
    }
    const drifted = pins.filter((p) => p.pinned !== p.current);
    if (flags.json) io.result(pins);
    else {
      io.result(pins.map((p) => p.pinned === p.current
        ? `${p.variable}: up to date (${p.from} is ${p.current})`
        : `${p.variable}: ${p.pinned ? `pinned ${p.pinned}, but` : 'not pinned;'} ${p.from} is ${p.current} now${flags.check ? '' : ' (written)'}`).join('\n'));
    }
    if (flags.check) {
      if (drifted.length > 0) io.error(`${drifted.map((p) => p.variable).join(', ')} ${drifted.length === 1 ? 'differs' : 'differ'} from what the registry serves: run cagw pin --profile ${flags.profile} to update, then review the change`);
      return drifted.length > 0 ? 1 : 0;
    }
    if (drifted.length > 0) {
      let updated = text;
      for (const p of drifted) updated = setProfileValue(updated, p.variable, p.current, `pinned by cagw pin from ${p.from}`);
      writeFileSync(flags.profile, updated);
    }
    return 0;
  },
});
