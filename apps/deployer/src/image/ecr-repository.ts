// The deployment's ECR repository (ECR_REPO in the profile's account and region) and a builder
// login to it with an ECR token, for `cagw image build --push`.
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import { callAws } from '../orchestrate/aws-call.ts';
import { ecrLogin } from '../orchestrate/image-step.ts';
import type { Builder } from './builders.ts';
import { loginRegistry, type ProcessOptions } from './build-image.ts';

export async function ecrRepository(settings: Settings): Promise<{ repositoryUri: string; login(builder: Builder, options: ProcessOptions): Promise<void> }> {
  const ecr = new ECRClient({ region: settings.AWS_REGION, credentials: fromNodeProviderChain(settings.AWS_PROFILE ? { profile: settings.AWS_PROFILE } : {}) });
  // The gateway stack creates the repository; it must exist before an image can go in it.
  const found = await callAws(`looking up the ECR repository ${settings.ECR_REPO}`, () => ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [settings.ECR_REPO] })).catch((e: unknown) => {
    if ((e as Error).name !== 'RepositoryNotFoundException') throw e;
    throw new CagwError('EcrRepositoryMissing', `the ECR repository ${settings.ECR_REPO} does not exist in ${settings.AWS_REGION}`, {
      source: 'user', where: 'ECR_REPO', fix: 'run cagw deploy once (its gateway stack creates the repository), or push elsewhere with --repository HOST/NAME',
    });
  }), { awsProfile: settings.AWS_PROFILE });
  const repositoryUri = found.repositories?.[0]?.repositoryUri ?? '';
  return {
    repositoryUri,
    async login(builder, options) {
      const { username, password } = await ecrLogin(ecr, settings.AWS_PROFILE);
      await loginRegistry(builder, repositoryUri.slice(0, repositoryUri.indexOf('/')), username, password, options);
    },
  };
}
