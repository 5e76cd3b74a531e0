// The real dependencies of `cagw deploy` and `cagw gateway`: AWS clients from the default
// credential chain, the preflight of @cagw/preflight, docker/podman/finch for the image, openssl
// for certificates, the terminal for progress and Ctrl-C.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EC2Client } from '@aws-sdk/client-ec2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { allChecks, detectAwsCredentials, findExecutableOnPath, runPreflight, systemPreflightClients } from '@cagw/preflight';
import { CagwError, type Settings } from '@cagw/profile';
import { certificateStep } from '../orchestrate/certificate-step.ts';
import { imageStep } from '../orchestrate/image-step.ts';
import type { StepRunner } from '../orchestrate/step-runner.ts';
import { createDeployClients } from './deploy-aws-clients.ts';
import type { DeploymentDeps } from './run-deployment.ts';

const DOCKER_DIR = fileURLToPath(new URL('../../../../docker/', import.meta.url));
const BUILDERS = ['docker', 'podman', 'finch'];
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
    steps: (settings, clients, pkiDir) => ({
      image: lazyImageStep(env, clients.ecr, settings.AWS_PROFILE, settings.BASE_DIGEST, extraCaFilesOf(settings)),
      certificates: certificateStep({ acm: clients.acm, pkiDir, awsProfile: settings.AWS_PROFILE }),
    }),
    stderr: process.stderr,
    live: process.stderr.isTTY === true && !env.CI,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** The image step, once a builder and the base image digest are known (asked only with BUILD_IMAGE=true). */
/** COLLECTOR_CA_PEM, resolved against the profile's folder like every path in a profile. */
function extraCaFilesOf(settings: Settings): string[] {
  if (!settings.COLLECTOR_CA_PEM) return [];
  return [resolve(settings.profilePath ? dirname(resolve(settings.profilePath)) : process.cwd(), settings.COLLECTOR_CA_PEM)];
}

function lazyImageStep(env: NodeJS.ProcessEnv, ecr: Parameters<typeof imageStep>[0]['ecr'], awsProfile: string | undefined, baseDigest: string | undefined, extraCaFiles: string[]): StepRunner {
  let step: StepRunner | undefined;
  const get = async (): Promise<StepRunner> => {
    if (step) return step;
    const find = findExecutableOnPath(env.PATH ?? '');
    const builder = env.CAGW_IMAGE_BUILDER ?? (await firstFound(BUILDERS, find));
    if (!builder) {
      throw new CagwError('ImageBuilderMissing', 'BUILD_IMAGE=true, but none of docker, podman or finch is on PATH', {
        source: 'user', where: 'BUILD_IMAGE', fix: 'install and start one of them (or set CAGW_IMAGE_BUILDER), or set BUILD_IMAGE=false and GATEWAY_IMAGE_URI',
      });
    }
    if (!baseDigest) {
      throw new CagwError('BaseDigestMissing', 'BUILD_IMAGE=true needs the digest of the base image (the Dockerfile pins it)', {
        source: 'user', where: 'BASE_DIGEST', fix: 'set BASE_DIGEST=sha256:<index digest of debian:bookworm-slim> in the profile (docker buildx imagetools inspect debian:bookworm-slim shows it)',
      });
    }
    step = imageStep({ ecr, contextDir: DOCKER_DIR, builder, baseDigest, extraCaFiles, awsProfile, env });
    return step;
  };
  return {
    find: async (inputs) => (await get()).find(inputs),
    run: async (inputs, signal) => (await get()).run(inputs, signal),
  };
}

async function firstFound(names: string[], find: (name: string) => Promise<string | undefined>): Promise<string | undefined> {
  for (const name of names) if (await find(name)) return name;
  return undefined;
}
