// The gateway image step: an immutable tag made of the Claude Code version and a hash of
// everything that goes into the image, so a tag that exists in ECR is reused, never rebuilt.
// Building and pushing shell out to docker, podman or finch through zx, arguments as arrays;
// the registry password goes in on stdin, never on a command line.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { CagwError } from '@cagw/profile';
import { $ } from 'zx';
import { callAws } from './aws-call.ts';
import type { StepRunner } from './step-runner.ts';

export interface ImageStepOptions {
  ecr: ECRClient;
  /** the folder with the Dockerfile (docker/ of this repository) */
  contextDir: string;
  /** docker, podman or finch (a path or a name on PATH) */
  builder: string;
  /** digest of the base image index (the Dockerfile's BASE_DIGEST) */
  baseDigest: string;
  /** PEM files baked into the image's extra-ca/ folder (COLLECTOR_CA_PEM), trusted by the gateway */
  extraCaFiles?: readonly string[];
  awsProfile?: string | undefined;
  /** environment for the builder (PATH); default process.env */
  env?: NodeJS.ProcessEnv;
}

const PLATFORM: Record<string, string> = { X86_64: 'linux/amd64', ARM64: 'linux/arm64' };

/** `<version>-<12 hex>`: the same inputs always give the same tag. */
export function imageTag(contextDir: string, claudeVersion: string, architecture: string, baseDigest: string, extraCaFiles: readonly string[] = []): string {
  const hash = createHash('sha256').update(`${claudeVersion}\n${architecture}\n${baseDigest}\n`);
  for (const file of filesUnder(contextDir)) hash.update(`${relative(contextDir, file)}\n`).update(readFileSync(file));
  for (const file of extraCaFiles) hash.update(`extra-ca/${basename(file)}\n`).update(readFileSync(file));
  return `${claudeVersion}-${hash.digest('hex').slice(0, 12)}`;
}

/** A copy of the build context with the extra CA files in extra-ca/, or the context itself without any. */
function stageBuildContext(contextDir: string, extraCaFiles: readonly string[]): { dir: string; dispose(): void } {
  if (extraCaFiles.length === 0) return { dir: contextDir, dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'cagw-image-context-'));
  cpSync(contextDir, dir, { recursive: true, filter: (source) => basename(source) !== 'node_modules' });
  mkdirSync(join(dir, 'extra-ca'), { recursive: true });
  for (const file of extraCaFiles) copyFileSync(file, join(dir, 'extra-ca', basename(file)));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

// the image inputs: the build context minus what never reaches the image
function filesUnder(dir: string): string[] {
  const skip = new Set(['node_modules', 'src', '.git']);
  return readdirSync(dir).sort().flatMap((name) => {
    if (skip.has(name) || /\.(json|md)$/.test(name) || name.startsWith('vitest') || name.startsWith('tsconfig')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function imageStep(options: ImageStepOptions): StepRunner {
  const repoName = (uri: string) => uri.slice(uri.indexOf('/') + 1);
  const digestOf = async (repositoryUri: string, tag: string): Promise<string | undefined> => {
    const found = await callAws(`looking up ${repositoryUri}:${tag}`, () => options.ecr.send(new DescribeImagesCommand({
      repositoryName: repoName(repositoryUri), imageIds: [{ imageTag: tag }],
    })).catch((e: unknown) => {
      if ((e as Error).name === 'ImageNotFoundException') return undefined;
      throw e;
    }), { awsProfile: options.awsProfile });
    return found?.imageDetails?.[0]?.imageDigest;
  };
  // IMAGE_TAG when the profile sets one, else the version plus the hash of the image inputs
  const extraCaFiles = options.extraCaFiles ?? [];
  const tagOf = (inputs: Record<string, string>) => inputs.ImageTag || imageTag(options.contextDir, inputs.ClaudeVersion ?? '', inputs.Architecture ?? '', options.baseDigest, extraCaFiles);

  return {
    async find(inputs) {
      const digest = await digestOf(inputs.RepositoryUri ?? '', tagOf(inputs));
      return digest ? { ImageUri: `${inputs.RepositoryUri}@${digest}`, ImageTag: tagOf(inputs) } : undefined;
    },
    async run(inputs, signal) {
      const repositoryUri = inputs.RepositoryUri ?? '';
      const tag = tagOf(inputs);
      const registry = repositoryUri.slice(0, repositoryUri.indexOf('/'));
      const auth = await callAws('getting an ECR login token', () => options.ecr.send(new GetAuthorizationTokenCommand({})), { awsProfile: options.awsProfile });
      const token = Buffer.from(auth.authorizationData?.[0]?.authorizationToken ?? '', 'base64').toString('utf8');
      const password = token.slice(token.indexOf(':') + 1);
      const sh = $({ quiet: true, nothrow: true, env: options.env ?? process.env, ...(signal ? { signal } : {}) });
      const step = async (what: string, run: Promise<{ ok: boolean; stderr: string }>) => {
        const out = await run;
        if (!out.ok) {
          throw new CagwError('ImageBuildFailed', `${what} failed: ${out.stderr.trim().split('\n').slice(-3).join(' | ')}`, {
            source: 'user', where: options.builder, fix: `run the same ${options.builder} command by hand to see the whole output; check that ${options.builder} is running`,
          });
        }
      };
      await step(`${options.builder} login`, $({ quiet: true, nothrow: true, input: password, env: options.env ?? process.env })`${options.builder} login --username AWS --password-stdin ${registry}`);
      const platform = PLATFORM[inputs.Architecture ?? ''] ?? 'linux/amd64';
      const args = ['build', '--platform', platform, '--build-arg', `BASE_DIGEST=${options.baseDigest}`, '--build-arg', `CLAUDE_VERSION=${inputs.ClaudeVersion}`, '--tag', `${repositoryUri}:${tag}`];
      const context = stageBuildContext(options.contextDir, extraCaFiles);
      try {
        await step(`${options.builder} build`, sh`${options.builder} ${args} ${context.dir}`);
      } finally {
        context.dispose();
      }
      await step(`${options.builder} push`, sh`${options.builder} push ${repositoryUri}:${tag}`);
      const digest = await digestOf(repositoryUri, tag);
      if (!digest) throw new CagwError('ImageMissingAfterPush', `${repositoryUri}:${tag} is not in ECR after the push`, { source: 'aws', fix: 'check the repository in the ECR console, then re-run' });
      return { ImageUri: `${repositoryUri}@${digest}`, ImageTag: tag };
    },
  };
}
