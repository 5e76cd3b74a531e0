// Building the image needs a container builder on this machine that can build now: for docker
// (and finch), that its engine answers, which `docker --version` alone would not show.
import { fail, pass, type PreflightCheck } from '../check.ts';

const BUILDERS = ['docker', 'podman', 'buildah', 'finch'] as const;
// The command that fails unless the builder can build: docker's talks to the engine.
const READY_ARGS: Record<(typeof BUILDERS)[number], string[]> = {
  docker: ['info', '--format', '{{.ServerVersion}}'],
  finch: ['info', '--format', '{{.ServerVersion}}'],
  podman: ['info'],
  buildah: ['info'],
};
const READY_TIMEOUT_MS = 20_000;

export const imageBuilder: PreflightCheck = {
  id: 'image.builder',
  title: 'a container builder is installed and can build',
  needs: 'offline',
  reads: ['BUILD_IMAGE', 'IMAGE_BUILDER'],
  skipReason: (s) => (s.BUILD_IMAGE ? undefined : 'BUILD_IMAGE=false: the image is not built here'),
  async run({ findExecutable, runCommand, settings }) {
    const chosen = settings.IMAGE_BUILDER;
    let found: { name: (typeof BUILDERS)[number]; path: string } | undefined;
    for (const name of chosen ? [chosen] : BUILDERS) {
      const path = await findExecutable(name);
      if (path) {
        found = { name, path };
        break;
      }
    }
    if (!found) {
      return chosen
        ? fail(`IMAGE_BUILDER=${chosen}, but ${chosen} is not on PATH`, `install ${chosen}, or unset IMAGE_BUILDER to use whichever of ${BUILDERS.join(', ')} is installed`)
        : fail(`BUILD_IMAGE=true but none of ${BUILDERS.join(', ')} is on PATH`, 'install one of them (buildah needs no daemon: apt-get install buildah), or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI to an image in ECR');
    }
    if (!runCommand) return pass(`${found.name} found at ${found.path}`);
    const ready = await runCommand(found.path, READY_ARGS[found.name], { timeoutMs: READY_TIMEOUT_MS });
    if (!ready.ok) {
      const said = ready.output.trim().split('\n').filter(Boolean).at(-1) ?? 'no output';
      const engine = found.name === 'docker' || found.name === 'finch';
      return fail(
        `${found.name} is installed at ${found.path} but cannot build: \`${found.name} ${READY_ARGS[found.name].join(' ')}\` failed (${said})`,
        engine
          ? `start the ${found.name} engine (Docker Desktop, or sudo systemctl start docker) and check your user may use it, or set IMAGE_BUILDER=buildah`
          : `run ${found.name} info to see what is wrong with its storage or configuration, or set IMAGE_BUILDER to another builder`,
      );
    }
    return pass(`${found.name} at ${found.path} can build (${found.name} ${READY_ARGS[found.name][0]} answered)`);
  },
};
