// cagw image build: the profile's gateway image, built with docker, podman or buildah exactly as
// the deploy's image step builds it (same inputs, same tag), and with --push pushed to the
// deployment's ECR repository or to --repository. Offline and mirror flags change where the
// release, key, base and RDS bundle come from; verification is never skipped.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { CagwError } from '@cagw/errors';
import { findExecutableOnPath } from '@cagw/preflight';
import { defineCommand } from '../cli/command-spec.ts';
import { formatReleaseSigner, loadProfile, profileFlag } from '../cli/load-profile.ts';
import { detectBuilder } from '../image/builders.ts';
import { buildImage, pushImage } from '../image/build-image.ts';
import { checkImageInputs, imageTagOf, PROFILE_NAMES, type InputNames } from '../image/image-inputs.ts';
import { formatImageReference, isLoopbackRegistry, parseImageReference } from '../image/image-reference.ts';
import { profilePath } from '../image/profile-image-inputs.ts';
import { ANTHROPIC_RELEASE_KEY_FINGERPRINT, releaseSignerOf } from '../image/release-signer.ts';
import { resolveManifestDigest } from '../image/registry-client.ts';

const DOCKER_DIR = fileURLToPath(new URL('../../../../docker/', import.meta.url));
/** The local name of an image built without --push or --repository. */
const LOCAL_REPOSITORY = 'localhost/cagw-gateway';

const FLAG_NAMES: InputNames = {
  base: '--base', baseDigest: 'BASE_DIGEST', releaseMirror: '--release-mirror', releaseKeyFile: '--release-key',
  releaseFingerprint: '--release-fingerprint', caBundleFile: '--ca-bundle',
};

export const imageCommand = defineCommand({
  name: 'image',
  summary: "Build the profile's gateway image with docker, podman or buildah ('image build'), and push it",
  details: [
    'cagw image build --profile F [--builder B] [--tag T] [--push [--repository HOST/NAME]] [--json]',
    'Builds docker/Dockerfile with the inputs and tag the deploy uses. The builder is --builder,',
    'else IMAGE_BUILDER, else the first of docker, podman, buildah, finch on PATH that can build here',
    '(an engine that answers; for podman and buildah a RUN step, in chroot isolation when OCI fails).',
    'With --push: pushes to the ECR repository ECR_REPO of the profile (logging in with an ECR token),',
    'or to --repository (plain http only for a registry on 127.0.0.1), and prints the pushed digest.',
    'Offline and mirror builds (each flag overrides its profile variable):',
    '  --base IMAGE@sha256:D        BASE_IMAGE + BASE_DIGEST',
    '  --release-mirror URL         RELEASE_MIRROR_URL (http:// only on 127.0.0.1)',
    '  --release-key FILE --release-fingerprint FPR   RELEASE_KEY_FILE + RELEASE_KEY_FINGERPRINT',
    '  --release-fingerprint-acknowledged FPR         RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED (a signer not Anthropic\'s)',
    '  --ca-bundle FILE             RDS_CA_BUNDLE_FILE',
    'A release that fails verification fails the build at the verify stage, with the reason.',
  ].join('\n'),
  positionals: [{ name: 'build', desc: 'build the image (the only sub-command)' }],
  flags: {
    profile: profileFlag,
    builder: { type: 'string', value: 'B', desc: 'docker, podman, buildah or finch (default IMAGE_BUILDER, else the first on PATH that can build)' },
    tag: { type: 'string', value: 'T', desc: 'tag to build (default IMAGE_TAG, else CLAUDE_VERSION plus the hash of the image inputs)' },
    push: { type: 'boolean', desc: 'push the image and print its digest' },
    repository: { type: 'string', value: 'HOST/NAME', desc: "with --push: push here instead of the deployment's ECR repository" },
    base: { type: 'string', value: 'IMAGE@sha256:D', desc: 'the base image by digest, from any registry' },
    'release-mirror': { type: 'string', value: 'URL', desc: 'a copy of the Claude Code release tree' },
    'release-key': { type: 'string', value: 'FILE', desc: 'the release signing key as a file (with --release-fingerprint)' },
    'release-fingerprint': { type: 'string', value: 'FPR', desc: 'the fingerprint the key file must have' },
    'release-fingerprint-acknowledged': { type: 'string', value: 'FPR', desc: "--release-fingerprint again when it is not Anthropic's key: you trust that signer with the gateway binary" },
    'ca-bundle': { type: 'string', value: 'FILE', desc: 'the RDS CA bundle as a file' },
    verbose: { type: 'boolean', desc: "show the builder's output as it builds" },
    json: { type: 'boolean', desc: 'print { image, tag, digest } as one JSON document' },
  },
  async run(flags, positionals, io) {
    if (positionals[0] !== 'build' || positionals.length > 1) {
      throw new CagwError('UnknownSubcommand', `cagw image ${positionals.join(' ') || '(nothing)'}: the only sub-command is build`, {
        source: 'user', where: 'command line', fix: 'run cagw image build --profile <file>',
      });
    }
    if (flags.repository && !flags.push) {
      throw new CagwError('RepositoryWithoutPush', '--repository says where to push, but --push is not given', {
        source: 'user', where: '--repository', fix: 'add --push, or leave --repository out',
      });
    }
    const settings = loadProfile(flags.profile, io);
    const fromProfile = (path: string | undefined) => (path ? profilePath(settings, path) : undefined);
    // A flag wins over its profile variable; the error names whichever the value came from.
    const names: InputNames = {
      base: flags.base ? FLAG_NAMES.base : PROFILE_NAMES.base, baseDigest: PROFILE_NAMES.baseDigest,
      releaseMirror: flags['release-mirror'] ? FLAG_NAMES.releaseMirror : PROFILE_NAMES.releaseMirror,
      releaseKeyFile: flags['release-key'] ? FLAG_NAMES.releaseKeyFile : PROFILE_NAMES.releaseKeyFile,
      releaseFingerprint: flags['release-fingerprint'] ? FLAG_NAMES.releaseFingerprint : PROFILE_NAMES.releaseFingerprint,
      caBundleFile: flags['ca-bundle'] ? FLAG_NAMES.caBundleFile : PROFILE_NAMES.caBundleFile,
    };
    const inputs = checkImageInputs({
      contextDir: DOCKER_DIR, claudeVersion: settings.CLAUDE_VERSION, architecture: settings.TASK_ARCH,
      base: flags.base ?? settings.BASE_IMAGE, baseDigest: flags.base ? undefined : settings.BASE_DIGEST,
      extraCaFiles: settings.COLLECTOR_CA_PEM ? [profilePath(settings, settings.COLLECTOR_CA_PEM)] : [],
      releaseMirror: flags['release-mirror'] ?? settings.RELEASE_MIRROR_URL,
      releaseKeyFile: flags['release-key'] ? resolve(flags['release-key']) : fromProfile(settings.RELEASE_KEY_FILE),
      releaseFingerprint: flags['release-fingerprint'] ?? settings.RELEASE_KEY_FINGERPRINT,
      caBundleFile: flags['ca-bundle'] ? resolve(flags['ca-bundle']) : fromProfile(settings.RDS_CA_BUNDLE_FILE),
    }, names);
    // another signer than Anthropic's is trusted only when the person says so, as in the profile
    if (flags['release-fingerprint'] && inputs.releaseSigner && !inputs.releaseSigner.official) {
      const acknowledged = flags['release-fingerprint-acknowledged'] ?? settings.RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED;
      if (!acknowledged || releaseSignerOf(acknowledged).fingerprint !== inputs.releaseSigner.fingerprint) {
        const fingerprint = inputs.releaseSigner.fingerprint;
        throw new CagwError('ReleaseSignerNotAcknowledged', `--release-fingerprint ${fingerprint} is not Anthropic's release key (${ANTHROPIC_RELEASE_KEY_FINGERPRINT}), and ${acknowledged ? `the acknowledged ${releaseSignerOf(acknowledged).fingerprint} is another` : 'no acknowledgement repeats it'}: the gateway binary would be trusted on that signature`, {
          source: 'user', where: flags['release-fingerprint-acknowledged'] ? '--release-fingerprint-acknowledged' : '--release-fingerprint',
          fix: `if you trust ${fingerprint} to sign the gateway binary (your own mirror), add --release-fingerprint-acknowledged ${fingerprint} (or RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED in the profile); otherwise leave --release-fingerprint and --release-key out to trust Anthropic's key`,
        });
      }
    }
    const builder = await detectBuilder(flags.builder ?? settings.IMAGE_BUILDER, findExecutableOnPath(process.env.PATH ?? ''), flags.builder ? '--builder' : 'IMAGE_BUILDER');
    const tag = flags.tag ?? settings.IMAGE_TAG ?? imageTagOf(inputs);
    const run = flags.verbose ? { onLine: (line: string) => io.info(line) } : {};

    let repository = LOCAL_REPOSITORY;
    let ecrLogin: (() => Promise<void>) | undefined;
    if (flags.repository) {
      const target = parseImageReference(flags.repository, '--repository');
      if (target.tag || target.digest) {
        throw new CagwError('RepositoryHasTag', `--repository ${flags.repository} names a tag or digest`, { source: 'user', where: '--repository', fix: 'give HOST/NAME only; the tag comes from --tag or the image inputs' });
      }
      repository = `${target.registry}/${target.repository}`;
    } else if (flags.push) {
      const ecr = await import('../image/ecr-repository.ts');
      const found = await ecr.ecrRepository(settings);
      repository = found.repositoryUri;
      ecrLogin = () => found.login(builder, run);
    }
    const reference = `${repository}:${tag}`;
    if (builder.note) io.info(builder.note);
    // a fingerprint from the profile was shown as it loaded; one from the flag is shown here
    if (flags['release-fingerprint'] && inputs.releaseSigner && !inputs.releaseSigner.official) io.warn(formatReleaseSigner(inputs.releaseSigner, '--release-fingerprint'));
    io.info(`building ${reference} with ${builder.name} (base ${formatImageReference(inputs.base)}, Claude Code ${inputs.claudeVersion}); this takes minutes`);
    await buildImage(builder, inputs, reference, run);
    if (!flags.push) {
      if (flags.json) io.result({ image: reference, tag, digest: null });
      else io.result(`built ${reference}`);
      return 0;
    }
    await ecrLogin?.();
    io.info(`pushing ${reference}${isLoopbackRegistry(parseImageReference(reference, 'the image').registry) ? ' (plain http: a registry on this machine)' : ''}`);
    const digest = (await pushImage(builder, reference, run)) ?? (await resolveManifestDigest(parseImageReference(reference, 'the image')));
    const image = `${repository}@${digest}`;
    if (flags.json) io.result({ image, tag, digest });
    else io.result(`pushed ${reference}\n${image}`);
    return 0;
  },
});
