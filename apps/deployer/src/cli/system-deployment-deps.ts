// The real dependencies of `cagw deploy` and `cagw gateway`: AWS clients from the default
// credential chain, the preflight of @cagw/preflight, docker/podman/buildah/finch for the image, openssl
// for certificates, the terminal for progress and Ctrl-C.
import { fileURLToPath } from 'node:url';
import { EC2Client } from '@aws-sdk/client-ec2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { allChecks, detectAwsCredentials, findExecutableOnPath, runPreflight, systemPreflightClients } from '@cagw/preflight';
import type { Settings } from '@cagw/profile';
import { certificateStep } from '../orchestrate/certificate-step.ts';
import { detectBuilder } from '../image/builders.ts';
import { imageInputsFromSettings } from '../image/profile-image-inputs.ts';
import { imageStep } from '../orchestrate/image-step.ts';
import type { StepRunner } from '../orchestrate/step-runner.ts';
import { createDeployClients } from './deploy-aws-clients.ts';
import type { DeploymentDeps } from './run-deployment.ts';

const DOCKER_DIR = fileURLToPath(new URL('../../../../docker/', import.meta.url));
// Checks whose subject the deployer handles itself: it deletes and re-creates a stack left in
// ROLLBACK_COMPLETE (after showing it), refuses busy stacks with a fix, and reuses an image tag
// that already exists instead of pushing it again.
const DEPLOYER_DECIDES = new Set(['stacks.state', 'image.tag']);

export function systemDeploymentDeps(env: NodeJS.ProcessEnv = process.env): DeploymentDeps {
  return {
    env,
    clients: (settings) => ({
      ...createDeployClients(settings),
      ec2: new EC2Client({ region: settings.AWS_REGION, credentials: fromNodeProviderChain(settings.AWS_PROFILE ? { profile: settings.AWS_PROFILE } : {}) }),
    }),
    async preflight(settings, rendered) {
      const credentials = await detectAwsCredentials({ profile: settings.AWS_PROFILE });
      const clients = systemPreflightClients({ region: settings.AWS_REGION, bedrockRegion: settings.bedrockRegion, credentials, pathValue: env.PATH ?? '' });
      const { results } = await runPreflight(settings, rendered, clients, { checks: allChecks.filter((c) => !DEPLOYER_DECIDES.has(c.id)) });
      if (credentials.available) return results;
      // `cagw preflight` alone skips its AWS checks without credentials; a deploy cannot go on.
      return [...results, {
        id: 'aws.credentials', title: 'AWS credentials for the deploy', status: 'fail' as const,
        message: `${credentials.reason}: ${credentials.detail}`,
        fix: `sign in (aws sso login${settings.AWS_PROFILE ? ` --profile ${settings.AWS_PROFILE}` : ''}) or configure credentials, then run cagw deploy again`,
      }];
    },
    steps: (settings, clients, pkiDir, options = {}) => ({
      image: lazyImageStep(env, clients.ecr, settings),
      certificates: certificateStep({ acm: clients.acm, pkiDir, awsProfile: settings.AWS_PROFILE, ...options }),
    }),
    stderr: process.stderr,
    live: process.stderr.isTTY === true && !env.CI,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** The image step, once a builder is found and the image inputs check (asked only with BUILD_IMAGE=true). */
function lazyImageStep(env: NodeJS.ProcessEnv, ecr: Parameters<typeof imageStep>[0]['ecr'], settings: Settings): StepRunner {
  let step: StepRunner | undefined;
  const get = async (): Promise<StepRunner> => {
    if (step) return step;
    // IMAGE_BUILDER, or the first of docker, podman, buildah, finch on PATH
    const builder = await detectBuilder(settings.IMAGE_BUILDER, findExecutableOnPath(env.PATH ?? ''));
    step = imageStep({ ecr, builder, image: imageInputsFromSettings(settings, DOCKER_DIR), awsProfile: settings.AWS_PROFILE, env });
    return step;
  };
  return {
    find: async (inputs) => (await get()).find(inputs),
    run: async (inputs, signal) => (await get()).run(inputs, signal),
  };
}
