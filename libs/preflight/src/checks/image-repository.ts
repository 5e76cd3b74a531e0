// BUILD_IMAGE=true pushes to ECR_REPO. The network stack creates that repository only when it
// does not exist yet; one that exists outside the stack (kept by an earlier deployment, which
// retains it on delete, or made by the original toolkit's build script) is adopted: cagw pushes
// to it and never deletes it. Creating it again would fail the network stack with AlreadyExists.
// data.imageRepository ('create' | 'adopt') is what the deployer passes as AdoptImageRepository.
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, type Repository } from '@aws-sdk/client-ecr';
import { pass, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName, isNotFound } from '../aws-failure.ts';

export type ImageRepositoryFate = 'create' | 'adopt';
const withFate = (outcome: CheckOutcome, imageRepository: ImageRepositoryFate): CheckOutcome => ({ ...outcome, data: { imageRepository } });

export const imageRepository: PreflightCheck = {
  id: 'image.repository',
  title: 'the ECR repository for the built image: created, kept, or adopted',
  needs: 'aws',
  reads: ['BUILD_IMAGE', 'ECR_REPO', 'STACK_PREFIX'],
  skipReason: (s) => (s.BUILD_IMAGE ? undefined : 'BUILD_IMAGE=false: no repository is created'),
  async run({ aws, settings, signal }) {
    const name = settings.ECR_REPO;
    let repository: Repository | undefined;
    try {
      const { repositories = [] } = await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }), { abortSignal: signal });
      repository = repositories[0];
    } catch (e) {
      if (isNotFound(e, 'RepositoryNotFoundException')) {
        return withFate(pass(`ECR repository ${name} does not exist: the network stack creates it (immutable tags, scanned on push) and keeps it if the stack is deleted`), 'create');
      }
      return awsCallFailed('ecr:DescribeRepositories', e);
    }
    const network = settings.stackNames.network;
    let owner: string | undefined;
    try {
      const { StackResourceDetail } = await aws.cloudFormation.send(new DescribeStackResourceCommand({ StackName: network, LogicalResourceId: 'ImageRepository' }), { abortSignal: signal });
      owner = StackResourceDetail?.PhysicalResourceId;
    } catch (e) {
      // no such stack, or a stack without the resource: "… does not exist" (ValidationError)
      if (!(errorName(e) === 'ValidationError' && /does not exist/i.test(errorMessage(e)))) return awsCallFailed('cloudformation:DescribeStackResource', e);
    }
    if (owner === name) return withFate(pass(`ECR repository ${name} belongs to the network stack ${network} and stays with it`), 'create');
    const adopted = `ECR repository ${name} (${repository?.repositoryUri ?? name}) exists outside the network stack (kept by an earlier deployment, or made by the original toolkit): cagw adopts it, pushes the image there and never deletes it`;
    if (repository?.imageTagMutability !== 'IMMUTABLE') {
      return withFate(warn(`${adopted}; its tags are mutable, so a pushed tag can be overwritten`, `make its tags immutable: aws ecr put-image-tag-mutability --repository-name ${name} --image-tag-mutability IMMUTABLE (or set ECR_REPO to a new name, which the network stack creates)`), 'adopt');
    }
    return withFate(pass(adopted), 'adopt');
  },
};
