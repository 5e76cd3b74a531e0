// The gateway image step: an immutable tag made of the Claude Code version and a hash of
// everything that goes into the image, so a tag that exists in ECR is reused, never rebuilt.
// Building and pushing go through the builder the profile chose or the one found on PATH
// (../image/), arguments as arrays; the registry password goes in on stdin, never on a command line.
import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { CagwError } from '@cagw/errors';
import type { Builder } from '../image/builders.ts';
import { buildImage, loginRegistry, pushImage } from '../image/build-image.ts';
import { imageTagOf, type ImageInputs } from '../image/image-inputs.ts';
import { callAws } from './aws-call.ts';
import type { StepRunner } from './step-runner.ts';

export { imageTag } from '../image/image-inputs.ts';

export interface ImageStepOptions {
  ecr: ECRClient;
  builder: Builder;
  /** what goes into the image; the version and architecture come from the step's inputs */
  image: Omit<ImageInputs, 'claudeVersion' | 'architecture'>;
  awsProfile?: string | undefined;
  /** environment for the builder (PATH); default process.env */
  env?: NodeJS.ProcessEnv;
}

/** `<registry>` and the ECR login password, from ECR's authorization token (`AWS:<password>`, base64). */
export async function ecrLogin(ecr: ECRClient, awsProfile: string | undefined): Promise<{ username: string; password: string }> {
  const auth = await callAws('getting an ECR login token', () => ecr.send(new GetAuthorizationTokenCommand({})), { awsProfile });
  const token = Buffer.from(auth.authorizationData?.[0]?.authorizationToken ?? '', 'base64').toString('utf8');
  return { username: token.slice(0, token.indexOf(':')) || 'AWS', password: token.slice(token.indexOf(':') + 1) };
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
  const inputsOf = (inputs: Record<string, string>): ImageInputs => ({ ...options.image, claudeVersion: inputs.ClaudeVersion ?? '', architecture: inputs.Architecture ?? '' });
  // IMAGE_TAG when the profile sets one, else the version plus the hash of the image inputs
  const tagOf = (inputs: Record<string, string>) => inputs.ImageTag || imageTagOf(inputsOf(inputs));

  return {
    async find(inputs) {
      const digest = await digestOf(inputs.RepositoryUri ?? '', tagOf(inputs));
      return digest ? { ImageUri: `${inputs.RepositoryUri}@${digest}`, ImageTag: tagOf(inputs) } : undefined;
    },
    async run(inputs, signal) {
      const repositoryUri = inputs.RepositoryUri ?? '';
      const tag = tagOf(inputs);
      const registry = repositoryUri.slice(0, repositoryUri.indexOf('/'));
      const run = { env: options.env ?? process.env, ...(signal ? { signal } : {}) };
      const login = await ecrLogin(options.ecr, options.awsProfile);
      await loginRegistry(options.builder, registry, login.username, login.password, run);
      await buildImage(options.builder, inputsOf(inputs), `${repositoryUri}:${tag}`, run);
      await pushImage(options.builder, `${repositoryUri}:${tag}`, run);
      // ECR's own record of the tag, whatever the builder printed
      const digest = await digestOf(repositoryUri, tag);
      if (!digest) throw new CagwError('ImageMissingAfterPush', `${repositoryUri}:${tag} is not in ECR after the push`, { source: 'aws', fix: 'check the repository in the ECR console, then re-run' });
      return { ImageUri: `${repositoryUri}@${digest}`, ImageTag: tag };
    },
  };
}
