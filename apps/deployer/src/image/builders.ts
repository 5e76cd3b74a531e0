// The container builders cagw drives, and the few ways their command lines differ. docker and
// finch build with BuildKit; podman and buildah default to OCI images, which drop the
// Dockerfile's SHELL and HEALTHCHECK, so they are told to write the Docker format.
import { CagwError } from '@cagw/errors';

export const BUILDER_NAMES = ['docker', 'podman', 'buildah', 'finch'] as const;
export type BuilderName = (typeof BUILDER_NAMES)[number];

export interface BuildArguments {
  platform: string;
  buildArgs: Record<string, string>;
  /** the reference the image is tagged with */
  tag: string;
  contextDir: string;
  /** the base comes from a plain-http registry on this machine */
  plainHttpBase: boolean;
}

export interface Builder {
  name: BuilderName;
  /** the command run (a name on PATH or a path) */
  command: string;
  buildArgs(options: BuildArguments): string[];
  /** argv of the push; `digestFile` receives the pushed digest where the builder can write it */
  pushArgs(reference: string, options: { plainHttp: boolean; digestFile: string }): string[];
  /** whether pushArgs writes digestFile; else the digest is read from the push output */
  writesDigestFile: boolean;
  loginArgs(registry: string, username: string, options: { plainHttp: boolean }): string[];
  /** argv that succeeds only when the builder can build now (for docker: the engine answers) */
  readyArgs(): string[];
}

const buildArgFlags = (args: Record<string, string>) => Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);

/** podman and buildah: same flags (podman builds with buildah's code). */
function containersBuilder(name: 'podman' | 'buildah', command: string): Builder {
  const tls = (plainHttp: boolean) => (plainHttp ? ['--tls-verify=false'] : []);
  return {
    name,
    command,
    buildArgs: (o) => ['build', '--format', 'docker', '--platform', o.platform, ...tls(o.plainHttpBase), ...buildArgFlags(o.buildArgs), '--tag', o.tag, o.contextDir],
    pushArgs: (reference, o) => ['push', ...tls(o.plainHttp), '--digestfile', o.digestFile, reference, `docker://${reference}`],
    writesDigestFile: true,
    loginArgs: (registry, username, o) => ['login', ...tls(o.plainHttp), '--username', username, '--password-stdin', registry],
    readyArgs: () => ['info'],
  };
}

/** docker and finch: BuildKit, which treats a registry on 127.0.0.0/8 as plain http already. */
function dockerLikeBuilder(name: 'docker' | 'finch', command: string): Builder {
  return {
    name,
    command,
    buildArgs: (o) => ['build', '--platform', o.platform, ...buildArgFlags(o.buildArgs), '--tag', o.tag, o.contextDir],
    pushArgs: (reference) => ['push', reference],
    writesDigestFile: false,
    loginArgs: (registry, username) => ['login', '--username', username, '--password-stdin', registry],
    // `docker info` fails when the engine does not answer, which `docker --version` would not show
    readyArgs: () => ['info', '--format', '{{.ServerVersion}}'],
  };
}

export function builderFor(name: BuilderName, command: string = name): Builder {
  return name === 'podman' || name === 'buildah' ? containersBuilder(name, command) : dockerLikeBuilder(name, command);
}

/**
 * The builder to use: `chosen` (IMAGE_BUILDER or --builder) when it is on PATH, else the first of
 * docker, podman, buildah, finch found there.
 */
export async function detectBuilder(chosen: string | undefined, find: (name: string) => Promise<string | undefined>, where = 'IMAGE_BUILDER'): Promise<Builder> {
  if (chosen) {
    if (!(BUILDER_NAMES as readonly string[]).includes(chosen)) {
      throw new CagwError('ImageBuilderUnknown', `${where} is ${chosen}, which cagw cannot drive`, {
        source: 'user', where, fix: `set ${where} to one of ${BUILDER_NAMES.join(', ')}`,
      });
    }
    const path = await find(chosen);
    if (!path) {
      throw new CagwError('ImageBuilderMissing', `${where}=${chosen}, but ${chosen} is not on PATH`, {
        source: 'user', where, fix: `install ${chosen}, or unset ${where} to use whichever of ${BUILDER_NAMES.join(', ')} is installed`,
      });
    }
    return builderFor(chosen as BuilderName, path);
  }
  for (const name of BUILDER_NAMES) {
    const path = await find(name);
    if (path) return builderFor(name, path);
  }
  throw new CagwError('ImageBuilderMissing', `none of ${BUILDER_NAMES.join(', ')} is on PATH to build the gateway image`, {
    source: 'user', where, fix: 'install one of them (apt-get install buildah needs no daemon), or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI',
  });
}

/** The `sha256:` digest docker prints when a push ends (`<tag>: digest: sha256:… size: N`). */
export function digestFromPushOutput(output: string): string | undefined {
  return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1];
}
