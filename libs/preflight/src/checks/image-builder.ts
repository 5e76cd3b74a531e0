// Building the image needs a container builder on this machine that can build now: for docker
// (and finch), that its engine answers, which `docker --version` alone would not show; for podman
// and buildah, that a RUN step runs (builder-probe.ts), in the mode cagw will then build in.
import { fail, pass, type PreflightCheck } from '../check.ts';
import { BUILDER_NAMES, builderReadiness, type BuilderName } from './builder-probe.ts';

export const imageBuilder: PreflightCheck = {
  id: 'image.builder',
  title: 'a container builder is installed and can build',
  needs: 'offline',
  reads: ['BUILD_IMAGE', 'IMAGE_BUILDER'],
  skipReason: (s) => (s.BUILD_IMAGE ? undefined : 'BUILD_IMAGE=false: the image is not built here'),
  async run({ findExecutable, runCommand, settings }) {
    const chosen = settings.IMAGE_BUILDER as BuilderName | undefined;
    const found: { name: BuilderName; path: string }[] = [];
    for (const name of chosen ? [chosen] : BUILDER_NAMES) {
      const path = await findExecutable(name);
      if (path) found.push({ name, path });
    }
    if (found.length === 0) {
      return chosen
        ? fail(`IMAGE_BUILDER=${chosen}, but ${chosen} is not on PATH`, `install ${chosen}, or unset IMAGE_BUILDER to use whichever of ${BUILDER_NAMES.join(', ')} can build`)
        : fail(`BUILD_IMAGE=true but none of ${BUILDER_NAMES.join(', ')} is on PATH`, 'install one of them (buildah needs no daemon: apt-get install buildah), or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI to an image in ECR');
    }
    if (!runCommand) return pass(`${found.map((f) => `${f.name} found at ${f.path}`).join('; ')}`);
    // IMAGE_BUILDER unset (auto): the first that can build is the one cagw uses, as the build does
    const refusals: string[] = [];
    for (const { name, path } of found) {
      const readiness = await builderReadiness(name, path, { run: runCommand });
      if (readiness.ready) {
        const passedOver = refusals.length > 0 ? ` (passed over: ${refusals.join('; ')})` : '';
        return pass(`${name} at ${path} can build (${readiness.how})${readiness.mode.note ? `; ${readiness.mode.note}` : ''}${passedOver}`);
      }
      refusals.push(`${name} at ${path} cannot build: \`${readiness.tried}\` failed (${readiness.said})`);
    }
    const engines = found.filter((f) => f.name === 'docker' || f.name === 'finch').map((f) => f.name);
    return fail(refusals.join('; '), [
      ...engines.map((e) => `start the ${e} engine (Docker Desktop, or sudo systemctl start ${e}) and check your user may use it`),
      found.some((f) => f.name === 'podman' || f.name === 'buildah') ? 'run the failed build by hand to see what the builder needs (its storage, its OCI runtime)' : '',
      chosen ? 'or unset IMAGE_BUILDER to try every installed builder' : 'or install buildah (apt-get install buildah), which needs no daemon',
    ].filter(Boolean).join('; '));
  },
};
