import { BatchGetImageCommand, DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient, GetDownloadUrlForLayerCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import type { FetchLike } from '../preflight-clients.ts';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { imageEcr, parseEcrImageUri } from './image-ecr.ts';
import { imageTag } from './image-tag.ts';

const ecr = mockClient(ECRClient);
beforeEach(() => {
  ecr.reset();
  ecr.onAnyCommand().rejects(new Error('unexpected ECR call'));
});

const DIGEST = `sha256:${'a'.repeat(64)}`;
const URI = `123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway@${DIGEST}`;
const prebuilt = (values: Record<string, string> = {}) => settingsFrom({ BUILD_IMAGE: 'false', GATEWAY_IMAGE_URI: URI, ...values });
const index = (...archs: string[]) => JSON.stringify({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: archs.map((architecture) => ({ digest: `sha256:${architecture}`, platform: { architecture, os: 'linux' } })) });

describe('image.ecr', () => {
  test('URIs parse into registry, region, repository and tag or digest', () => {
    expect(parseEcrImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway:2.1.330-abc')).toEqual({ registryId: '123456789012', region: 'us-east-1', repository: 'claude-apps-gateway', imageId: { imageTag: '2.1.330-abc' } });
    expect(parseEcrImageUri(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/gw@sha256:${'a'.repeat(64)}`)?.imageId).toEqual({ imageDigest: `sha256:${'a'.repeat(64)}` });
    expect(parseEcrImageUri('ghcr.io/acme/gateway:1')).toBeUndefined();
  });

  test('a multi-arch index with the task\'s architecture passes', async () => {
    ecr.on(BatchGetImageCommand, { repositoryName: 'claude-apps-gateway', imageIds: [{ imageDigest: DIGEST }] }).resolves({ images: [{ imageManifest: index('amd64', 'arm64') }] });
    expect(await runOne(imageEcr, prebuilt())).toMatchObject({ status: 'pass', message: `${URI} exists (amd64, arm64)` });
  });

  test('an arm64-only image for X86_64 tasks fails: exec format error', async () => {
    ecr.on(BatchGetImageCommand).resolves({ images: [{ imageManifest: index('arm64') }] });
    const r = await runOne(imageEcr, prebuilt());
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('exec format error') });
    expect(r.fix).toContain('--platform linux/amd64');
  });

  test('a single-arch image is judged by its config blob', async () => {
    ecr.on(BatchGetImageCommand).resolves({ images: [{ imageManifest: JSON.stringify({ config: { digest: 'sha256:cfg' }, layers: [] }) }] });
    ecr.on(GetDownloadUrlForLayerCommand, { layerDigest: 'sha256:cfg' }).resolves({ downloadUrl: 'https://layer.example/cfg', layerDigest: 'sha256:cfg' });
    const fetch: FetchLike = async (url) => ({ ok: url === 'https://layer.example/cfg', status: 200, json: async () => ({ architecture: 'arm64', os: 'linux' }) });
    expect((await runOne(imageEcr, prebuilt({ TASK_ARCH: 'ARM64' }), { fetch })).status).toBe('pass');
    expect((await runOne(imageEcr, prebuilt({ TASK_ARCH: 'X86_64' }), { fetch })).status).toBe('fail');
  });

  test('a missing tag and a missing repository fail; other errors name the API', async () => {
    ecr.on(BatchGetImageCommand).resolves({ images: [], failures: [{ failureCode: 'ImageNotFound' }] });
    expect((await runOne(imageEcr, prebuilt())).message).toBe(`GATEWAY_IMAGE_URI ${URI} is not in the repository (ImageNotFound)`);
    ecr.on(BatchGetImageCommand).rejects(awsError('RepositoryNotFoundException'));
    expect((await runOne(imageEcr, prebuilt())).message).toContain('repository claude-apps-gateway of GATEWAY_IMAGE_URI does not exist');
    ecr.on(BatchGetImageCommand).rejects(awsError('AccessDeniedException'));
    expect(await runOne(imageEcr, prebuilt())).toMatchObject({ status: 'fail', fix: expect.stringContaining('allow ecr:BatchGetImage') });
  });

  test('an image outside ECR is skipped with the reason', async () => {
    expect((await runOne(imageEcr, prebuilt({ GATEWAY_IMAGE_URI: `ghcr.io/acme/gateway@${DIGEST}` }))).status).toBe('skip');
  });
});

describe('image.tag', () => {
  const building = (tag?: string) => settingsFrom({ BUILD_IMAGE: 'true', ...(tag ? { IMAGE_TAG: tag } : {}) });

  test('a taken tag in an immutable repository fails before the build', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'claude-apps-gateway', imageTagMutability: 'IMMUTABLE' }] });
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: ['v1'] }] });
    expect(await runOne(imageTag, building('v1'))).toMatchObject({ status: 'fail', message: expect.stringContaining('tag v1 already exists') });
  });

  test('a free tag, a mutable repository and a repository still to be created pass', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ imageTagMutability: 'IMMUTABLE' }] });
    ecr.on(DescribeImagesCommand).rejects(awsError('ImageNotFoundException'));
    expect((await runOne(imageTag, building('v2'))).status).toBe('pass');
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ imageTagMutability: 'MUTABLE' }] });
    expect((await runOne(imageTag, building('v1'))).status).toBe('pass');
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException'));
    expect((await runOne(imageTag, building('v1'))).status).toBe('pass');
  });

  test('a derived tag is skipped with the reason; an ECR error fails', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ imageTagMutability: 'IMMUTABLE' }] });
    expect((await runOne(imageTag, building())).status).toBe('skip');
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('ThrottlingException'));
    expect((await runOne(imageTag, building('v1'))).status).toBe('fail');
  });
});
