// Building the image needs a container builder on this machine.
import { fail, pass, type PreflightCheck } from '../check.ts';

const BUILDERS = ['docker', 'podman', 'finch'];

export const imageBuilder: PreflightCheck = {
  id: 'image.builder',
  title: 'a container builder is installed',
  needs: 'offline',
  reads: ['BUILD_IMAGE'],
  skipReason: (s) => (s.BUILD_IMAGE ? undefined : 'BUILD_IMAGE=false: the image is not built here'),
  async run({ findExecutable }) {
    for (const name of BUILDERS) {
      const path = await findExecutable(name);
      if (path) return pass(`${name} found at ${path}`);
    }
    return fail(`BUILD_IMAGE=true but none of ${BUILDERS.join(', ')} is on PATH`, 'install docker (or podman or finch), or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI to an image in ECR');
  },
};
