// Building the image: pushing a tag that already exists in an immutable repository fails after
// the build; the deploy would stop half-way.
import { DescribeImagesCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { fail, pass, skip, type PreflightCheck } from '../check.ts';
import { awsCallFailed, isNotFound } from '../aws-failure.ts';

export const imageTag: PreflightCheck = {
  id: 'image.tag',
  title: 'the image tag can be pushed',
  needs: 'aws',
  reads: ['BUILD_IMAGE', 'ECR_REPO', 'IMAGE_TAG'],
  skipReason: (s) => (s.BUILD_IMAGE ? undefined : 'BUILD_IMAGE=false: nothing is pushed'),
  async run({ aws, settings: s, signal }) {
    const repo = s.ECR_REPO ?? 'claude-apps-gateway';
    let mutability: string | undefined;
    try {
      const { repositories = [] } = await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repo] }), { abortSignal: signal });
      mutability = repositories[0]?.imageTagMutability;
    } catch (e) {
      if (isNotFound(e, 'RepositoryNotFoundException')) return pass(`ECR repository ${repo} does not exist yet; the network stack creates it`);
      return awsCallFailed('ecr:DescribeRepositories', e);
    }
    if (!s.IMAGE_TAG) return skip(`IMAGE_TAG is derived from the image inputs at build time (repository ${repo} is ${mutability ?? 'MUTABLE'})`);
    if (!mutability?.startsWith('IMMUTABLE')) return pass(`${repo} is ${mutability ?? 'MUTABLE'}: the tag ${s.IMAGE_TAG} can be pushed`);
    try {
      await aws.ecr.send(new DescribeImagesCommand({ repositoryName: repo, imageIds: [{ imageTag: s.IMAGE_TAG }] }), { abortSignal: signal });
    } catch (e) {
      if (isNotFound(e, 'ImageNotFoundException')) return pass(`${repo} is immutable and ${s.IMAGE_TAG} is free`);
      return awsCallFailed('ecr:DescribeImages', e);
    }
    return fail(`the tag ${s.IMAGE_TAG} already exists in the immutable repository ${repo}: the push would be refused`, `choose a new IMAGE_TAG, or unset it so the tag follows the image inputs, or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI to the existing image`);
  },
};
