// The container builders cagw drives, and the few ways their command lines differ. docker and
// finch build with BuildKit; podman and buildah default to OCI images, which drop the
// Dockerfile's SHELL and HEALTHCHECK, so they are told to write the Docker format. Which builder
// can really build here, and how (podman or buildah may need chroot isolation), is what
// @cagw/preflight's image.builder check finds out; the build uses the same answer.
import { CagwError } from '@cagw/errors';
import { BUILDER_NAMES, builderReadiness, type BuilderMode, type BuilderName, type BuilderReadiness } from '@cagw/preflight';

export { BUILDER_NAMES, type BuilderName };

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
  /** flags before every sub-command: the storage cagw keeps for itself, when the user's cannot build */
  globalArgs: string[];
  /** what cagw does differently from the builder's defaults and why, to tell the user */
  note?: string;
}

const buildArgFlags = (args: Record<string, string>) => Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);

/** podman and buildah: same flags (podman builds with buildah's code), in the mode that can build here. */
function containersBuilder(name: 'podman' | 'buildah', command: string, mode: BuilderMode): Builder {
  const tls = (plainHttp: boolean) => (plainHttp ? ['--tls-verify=false'] : []);
  const global = mode.globalArgs;
  return {
    name,
    command,
    buildArgs: (o) => [...global, 'build', ...mode.buildArgs, '--format', 'docker', '--platform', o.platform, ...tls(o.plainHttpBase), ...buildArgFlags(o.buildArgs), '--tag', o.tag, o.contextDir],
    pushArgs: (reference, o) => [...global, 'push', ...tls(o.plainHttp), '--digestfile', o.digestFile, reference, `docker://${reference}`],
    writesDigestFile: true,
    loginArgs: (registry, username, o) => [...global, 'login', ...tls(o.plainHttp), '--username', username, '--password-stdin', registry],
    globalArgs: global,
    ...(mode.note ? { note: mode.note } : {}),
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
    globalArgs: [],
  };
}

const DEFAULT_MODE: BuilderMode = { globalArgs: [], buildArgs: [] };

/** The builder `name` run as `command`, in `mode` (podman and buildah; default: their defaults). */
export function builderFor(name: BuilderName, command: string = name, mode: BuilderMode = DEFAULT_MODE): Builder {
  return name === 'podman' || name === 'buildah' ? containersBuilder(name, command, mode) : dockerLikeBuilder(name, command);
}

export type ProbeBuilder = (name: BuilderName, path: string) => Promise<BuilderReadiness>;

/**
 * The builder to use: `chosen` (IMAGE_BUILDER or --builder) when it is on PATH and can build
 * here, else the first of docker, podman, buildah, finch on PATH that can: a docker whose engine
 * does not answer is passed over, and a buildah whose RUN steps need chroot isolation builds so.
 */
export async function detectBuilder(
  chosen: string | undefined, find: (name: string) => Promise<string | undefined>, where = 'IMAGE_BUILDER',
  probe: ProbeBuilder = (name, path) => builderReadiness(name, path),
): Promise<Builder> {
  if (chosen) {
    if (!(BUILDER_NAMES as readonly string[]).includes(chosen)) {
      throw new CagwError('ImageBuilderUnknown', `${where} is ${chosen}, which cagw cannot drive`, {
        source: 'user', where, fix: `set ${where} to one of ${BUILDER_NAMES.join(', ')}`,
      });
    }
  }
  const refusals: string[] = [];
  let installed = 0;
  for (const name of chosen ? [chosen as BuilderName] : BUILDER_NAMES) {
    const path = await find(name);
    if (!path) continue;
    installed++;
    const readiness = await probe(name, path);
    if (readiness.ready) return builderFor(name, path, readiness.mode);
    refusals.push(`${name} at ${path} cannot build: \`${readiness.tried}\` failed (${readiness.said})`);
  }
  if (installed === 0) {
    throw chosen
      ? new CagwError('ImageBuilderMissing', `${where}=${chosen}, but ${chosen} is not on PATH`, {
        source: 'user', where, fix: `install ${chosen}, or unset ${where} to use whichever of ${BUILDER_NAMES.join(', ')} can build`,
      })
      : new CagwError('ImageBuilderMissing', `none of ${BUILDER_NAMES.join(', ')} is on PATH to build the gateway image`, {
        source: 'user', where, fix: 'install one of them (apt-get install buildah needs no daemon), or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI',
      });
  }
  throw new CagwError('ImageBuilderCannotBuild', refusals.join('; '), {
    source: 'user', where: chosen ? where : 'IMAGE_BUILDER (unset: every installed builder was tried)',
    fix: [
      refusals.some((r) => /^(docker|finch) /.test(r)) ? 'start the docker (or finch) engine and check your user may use it' : '',
      refusals.some((r) => /^(podman|buildah) /.test(r)) ? 'run the failed build by hand to see what the builder needs (its storage, its OCI runtime)' : '',
      chosen ? `or unset ${where} to try every installed builder` : 'or install buildah (apt-get install buildah), which needs no daemon; or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI',
    ].filter(Boolean).join('; '),
  });
}

/** The `sha256:` digest docker prints when a push ends (`<tag>: digest: sha256:… size: N`). */
export function digestFromPushOutput(output: string): string | undefined {
  return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1];
}
