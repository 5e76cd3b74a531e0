// Builds, logs in and pushes with whichever builder was chosen. A release that fails
// verification stops the build in the Dockerfile's verify stage; its one verify-release line is
// what the user sees, not the builder's log.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { digestFromPushOutput, type Builder } from './builders.ts';
import { stageBuildContext } from './build-context.ts';
import { isLoopbackRegistry, parseImageReference } from './image-reference.ts';
import { PLATFORMS, type ImageInputs } from './image-inputs.ts';
import { runBuilder, type RunOptions } from './run-builder.ts';

/** The Dockerfile's default BASE_IMAGE, left to it when the profile keeps it. */
export const DOCKERFILE_BASE_IMAGE = 'debian:bookworm-slim';

export type ProcessOptions = Pick<RunOptions, 'env' | 'signal' | 'onLine'>;

/** Builds the image of `inputs` tagged `reference` (repository:tag). */
export async function buildImage(builder: Builder, inputs: ImageInputs, reference: string, options: ProcessOptions = {}): Promise<void> {
  const buildArgs: Record<string, string> = {};
  if (inputs.baseName !== DOCKERFILE_BASE_IMAGE) buildArgs.BASE_IMAGE = inputs.baseName;
  buildArgs.BASE_DIGEST = inputs.base.digest;
  buildArgs.CLAUDE_VERSION = inputs.claudeVersion;
  if (inputs.releaseMirror) buildArgs.RELEASE_BASE_URL = inputs.releaseMirror;
  if (inputs.releaseFingerprint) buildArgs.RELEASE_KEY_FINGERPRINT = inputs.releaseFingerprint;
  const context = stageBuildContext(inputs.contextDir, inputs);
  try {
    const args = builder.buildArgs({
      platform: PLATFORMS[inputs.architecture] ?? 'linux/amd64', buildArgs, tag: reference, contextDir: context.dir,
      plainHttpBase: isLoopbackRegistry(inputs.base.registry),
    });
    const run = await runBuilder(builder.command, args, options);
    if (!run.ok) throw buildFailure(builder, run.output);
  } finally {
    context.dispose();
  }
}

function buildFailure(builder: Builder, output: string): CagwError {
  const refusal = output.split('\n').filter((line) => line.startsWith('verify-release: ')).at(-1);
  if (refusal) {
    return new CagwError('ReleaseVerificationFailed', `the claude release did not verify, so the image was not built: ${refusal.slice('verify-release: '.length)}`, {
      source: 'user', where: 'docker/Dockerfile, stage verify',
      fix: 'use the release as Anthropic published it: check the mirror (--release-mirror), the key file and its fingerprint; never skip verification',
    });
  }
  return new CagwError('ImageBuildFailed', `${builder.name} build failed: ${lastLines(output)}`, {
    source: 'user', where: builder.command, fix: `run the same ${builder.name} build by hand to see the whole output; check that ${builder.name} can reach the base image and the Debian archive`,
  });
}

/** Logs the builder in to `registry`; the password goes in on stdin only. */
export async function loginRegistry(builder: Builder, registry: string, username: string, password: string, options: ProcessOptions = {}): Promise<void> {
  const run = await runBuilder(builder.command, builder.loginArgs(registry, username, { plainHttp: isLoopbackRegistry(registry) }), { ...options, input: password });
  if (!run.ok) {
    throw new CagwError('RegistryLoginFailed', `${builder.name} login to ${registry} failed: ${lastLines(run.output)}`, {
      source: 'user', where: registry, fix: 'check your AWS credentials and that the repository exists in this account and region',
    });
  }
}

/** Pushes `reference` and returns the digest the registry now holds it under, when the builder says it. */
export async function pushImage(builder: Builder, reference: string, options: ProcessOptions = {}): Promise<string | undefined> {
  const registry = parseImageReference(reference, 'the image').registry;
  const dir = mkdtempSync(join(tmpdir(), 'cagw-push-'));
  try {
    const digestFile = join(dir, 'digest');
    const run = await runBuilder(builder.command, builder.pushArgs(reference, { plainHttp: isLoopbackRegistry(registry), digestFile }), options);
    if (!run.ok) {
      throw new CagwError('ImagePushFailed', `${builder.name} push ${reference} failed: ${lastLines(run.output)}`, {
        source: 'user', where: registry, fix: `check that the repository exists and that ${builder.name} is logged in to ${registry}`,
      });
    }
    const digest = builder.writesDigestFile ? (existsSync(digestFile) ? readFileSync(digestFile, 'utf8').trim() : undefined) : digestFromPushOutput(run.output);
    return digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lastLines = (output: string) => output.trim().split('\n').slice(-3).join(' | ');
