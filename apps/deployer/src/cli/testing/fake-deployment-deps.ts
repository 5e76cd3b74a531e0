// The test twin of system-deployment-deps.ts, for cagw deploy, gateway, upgrade and rollback run
// against the fake CloudFormation: SDK clients the tests' mocks intercept, no preflight findings,
// the images a deploy reads from the environment, stand-in steps, no terminal, waits short
// enough for fake time, and ./out/ under the test's own folder. A test overrides only what it
// is about, so a new field of DeploymentDeps is added here once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CagwError } from '@cagw/errors';
import { fakeSteps } from '../../orchestrate/testing/profile-fixture.ts';
import { TEST_WAITS } from '../../orchestrate/testing/test-deploy-context.ts';
import type { DeployClients } from '../deploy-aws-clients.ts';
import type { DeploymentDeps } from '../run-deployment.ts';

export function fakeDeploymentDeps(outRoot: string, overrides: Partial<DeploymentDeps> = {}): DeploymentDeps {
  const { env = {}, ...rest } = overrides;
  const steps = fakeSteps(); // one set per deps, so a second run finds what the first made
  return {
    env: { ...env, COLLECTOR_IMAGE_URI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/adot@sha256:${'a'.repeat(64)}`, DB_CLIENT_IMAGE_URI: `public.ecr.aws/docker/library/postgres@sha256:${'c3'.repeat(32)}`, BASE_DIGEST: `sha256:${'b4'.repeat(32)}` },
    // no registry is reachable here: a pin the test leaves out stays missing, and no lock is written beside a shipped profile
    resolveDigest: async (ref) => { throw new CagwError('RegistryUnreachable', `could not reach ${ref.registry}: no network in the tests`, { source: 'user' }); },
    clients: () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }), cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), ecs: {} }) as unknown as DeployClients & { ec2: EC2Client },
    preflight: async () => [],
    steps: (_settings, _clients, pkiDir) => ({
      image: steps.image,
      // the real step leaves the VPN client certificate in the PKI folder, for the .ovpn
      certificates: { find: steps.certificates.find.bind(steps.certificates), run: async (inputs) => {
        mkdirSync(pkiDir, { recursive: true });
        writeFileSync(join(pkiDir, 'developer1.crt'), 'CERT');
        writeFileSync(join(pkiDir, 'developer1.key'), 'KEY');
        return steps.certificates.run(inputs);
      } },
    }),
    stderr: { write: () => true },
    live: false,
    onInterrupt: () => () => {},
    ...TEST_WAITS,
    outRoot,
    ...rest,
  };
}
