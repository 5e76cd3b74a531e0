// GATEWAY_IMAGE_URI must exist in ECR and be built for the tasks' architecture: an arm64 image
// on X86_64 tasks (or the reverse) dies with "exec format error".
import { BatchGetImageCommand, GetDownloadUrlForLayerCommand } from '@aws-sdk/client-ecr';
import { fail, pass, skip, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, isNotFound } from '../aws-failure.ts';

export interface EcrImageRef {
  registryId: string;
  region: string;
  repository: string;
  imageId: { imageTag: string } | { imageDigest: string };
}

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/;

export function parseEcrImageUri(uri: string): EcrImageRef | undefined {
  const m = ECR_URI.exec(uri);
  if (!m) return undefined;
  const [, registryId, region, repository, tag, digest] = m;
  return { registryId: registryId!, region: region!, repository: repository!, imageId: digest ? { imageDigest: digest } : { imageTag: tag ?? 'latest' } };
}

const ARCH_OF_TASK = { X86_64: 'amd64', ARM64: 'arm64' } as const;
const MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json',
];

interface Manifest {
  manifests?: { platform?: { architecture?: string; os?: string } }[];
  config?: { digest?: string };
}

/** The architectures an image provides: from the index, or from the config blob of a single image. */
async function architecturesOf(ref: EcrImageRef, manifest: Manifest, ctx: CheckContext): Promise<string[] | CheckOutcome> {
  if (manifest.manifests) return manifest.manifests.filter((m) => m.platform?.os !== 'unknown').map((m) => m.platform?.architecture ?? '?');
  const digest = manifest.config?.digest;
  if (!digest) return warn('the image manifest names no config, so its architecture is not proven', 'push the image with a standard builder (docker buildx)');
  try {
    const { downloadUrl } = await ctx.aws.ecr.send(new GetDownloadUrlForLayerCommand({ registryId: ref.registryId, repositoryName: ref.repository, layerDigest: digest }), { abortSignal: ctx.signal });
    const response = await ctx.fetch(downloadUrl ?? '', { signal: ctx.signal });
    if (!response.ok) return warn(`the image config could not be downloaded (HTTP ${response.status}), so its architecture is not proven`, 'check that the image runs on the tasks\' architecture');
    const config = (await response.json()) as { architecture?: string };
    return [config.architecture ?? '?'];
  } catch (e) {
    return warn(`the image config could not be read (${errorMessage(e)}), so its architecture is not proven`, 'allow ecr:GetDownloadUrlForLayer, or check the architecture by hand');
  }
}

export const imageEcr: PreflightCheck = {
  id: 'image.ecr',
  title: 'the gateway image exists and matches the task architecture',
  needs: 'aws',
  reads: ['GATEWAY_IMAGE_URI', 'BUILD_IMAGE', 'TASK_ARCH'],
  skipReason: (s) => (s.BUILD_IMAGE ? 'BUILD_IMAGE=true: the image is built and pushed by the deploy' : undefined),
  async run(ctx) {
    const uri = ctx.settings.GATEWAY_IMAGE_URI ?? '';
    const ref = parseEcrImageUri(uri);
    if (!ref) return skip(`GATEWAY_IMAGE_URI ${uri} is not in ECR; the tasks pull it as it is`);
    let images;
    let failures;
    try {
      ({ images = [], failures = [] } = await ctx.aws.ecr.send(new BatchGetImageCommand({
        registryId: ref.registryId, repositoryName: ref.repository, imageIds: [ref.imageId], acceptedMediaTypes: MEDIA_TYPES,
      }), { abortSignal: ctx.signal }));
    } catch (e) {
      if (isNotFound(e, 'RepositoryNotFoundException')) return fail(`the ECR repository ${ref.repository} of GATEWAY_IMAGE_URI does not exist in ${ref.region}`, 'push the image first (or set BUILD_IMAGE=true to build it here)');
      return awsCallFailed('ecr:BatchGetImage', e);
    }
    if (!images[0]?.imageManifest) {
      return fail(`GATEWAY_IMAGE_URI ${uri} is not in the repository (${failures[0]?.failureCode ?? 'ImageNotFound'})`, 'push the image, or fix the tag or digest in GATEWAY_IMAGE_URI');
    }
    const archs = await architecturesOf(ref, JSON.parse(images[0].imageManifest) as Manifest, ctx);
    if (!Array.isArray(archs)) return archs;
    const wanted = ARCH_OF_TASK[ctx.settings.TASK_ARCH ?? 'X86_64'];
    return archs.includes(wanted)
      ? pass(`${uri} exists (${archs.join(', ')})`)
      : fail(`${uri} is built for ${archs.join(', ')}, but the tasks run ${ctx.settings.TASK_ARCH ?? 'X86_64'} (${wanted}): they would fail with exec format error`, `push a ${wanted} image (docker buildx build --platform linux/${wanted}), or set TASK_ARCH to match`);
  },
};
