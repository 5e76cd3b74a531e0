// The repository of a built image: created when absent, kept when the network stack owns it,
// adopted when it exists outside the stack (retained by an earlier deploy, or the original
// toolkit's claude-apps-gateway) instead of failing the network stack with AlreadyExists.
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { imageRepository } from './image-repository.ts';

const ecr = mockClient(ECRClient);
const cfn = mockClient(CloudFormationClient);
const settings = settingsFrom({ BUILD_IMAGE: 'true', ECR_REPO: 'claude-apps-gateway' });
const repository = (imageTagMutability: 'MUTABLE' | 'IMMUTABLE') => ({
  repositories: [{
    repositoryName: 'claude-apps-gateway', repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/claude-apps-gateway',
    repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway', imageTagMutability,
  }],
});

beforeEach(() => {
  ecr.reset();
  ecr.onAnyCommand().rejects(new Error('unexpected ECR call'));
  cfn.reset();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  // what CloudFormation answers when the network stack does not exist
  cfn.on(DescribeStackResourceCommand).rejects(awsError('ValidationError', 'Stack \'claude-gateway-network\' does not exist'));
});

describe('image.repository', () => {
  test('absent: the network stack creates it', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException', "The repository with name 'claude-apps-gateway' does not exist in the registry with id '123456789012'"));
    expect(await runOne(imageRepository, settings)).toMatchObject({ status: 'pass', message: expect.stringContaining('creates it'), data: { imageRepository: 'create' } });
  });

  test('owned by the network stack: it stays with the stack (no adoption, no churn)', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves(repository('IMMUTABLE'));
    cfn.on(DescribeStackResourceCommand, { StackName: 'claude-gateway-network', LogicalResourceId: 'ImageRepository' })
      .resolves({ StackResourceDetail: { LogicalResourceId: 'ImageRepository', PhysicalResourceId: 'claude-apps-gateway', ResourceType: 'AWS::ECR::Repository', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date('2026-11-02T09:00:00Z') } });
    expect(await runOne(imageRepository, settings)).toMatchObject({ status: 'pass', data: { imageRepository: 'create' } });
  });

  test('left behind by a destroyed deployment: adopted, and preflight says so', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves(repository('IMMUTABLE'));
    expect(await runOne(imageRepository, settings)).toMatchObject({ status: 'pass', message: expect.stringContaining('cagw adopts it'), data: { imageRepository: 'adopt' } });
  });

  test('the original toolkit\'s mutable repository: adopted with a warning and the command that makes it immutable', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves(repository('MUTABLE'));
    const r = await runOne(imageRepository, settings);
    expect(r).toMatchObject({ status: 'warn', data: { imageRepository: 'adopt' } });
    expect(r.fix).toContain('aws ecr put-image-tag-mutability --repository-name claude-apps-gateway --image-tag-mutability IMMUTABLE');
  });

  test('an ECR error fails naming the API; BUILD_IMAGE=false skips', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('AccessDeniedException'));
    expect(await runOne(imageRepository, settings)).toMatchObject({ status: 'fail', message: expect.stringMatching(/^ecr:DescribeRepositories failed: AccessDeniedException/) });
    expect((await runOne(imageRepository, settingsFrom({ BUILD_IMAGE: 'false', GATEWAY_IMAGE_URI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/gw@sha256:${'a'.repeat(64)}` }))).status).toBe('skip');
  });
});
