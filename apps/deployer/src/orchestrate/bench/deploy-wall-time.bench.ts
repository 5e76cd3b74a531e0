// nx run deployer:bench: the flagship profile's deploy against the fake CloudFormation with
// typical AWS creation times, on a fake clock. Prints the wall time of cagw's one pass over
// the graph next to the same stacks one after another (the original's order, which also rolled
// the gateway a second time with the collector on), and the time of a re-run with no change.
import FakeTimers from '@sinonjs/fake-timers';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { deployPlan, type DeployContext } from '../deploy-plan.ts';
import type { StepRunner } from '../step-runner.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { planForProfile } from '../testing/profile-fixture.ts';
import { RecordingDeployHost } from '../testing/recording-deploy-host.ts';
import { IMAGE_BUILD_SECONDS, typicalCreateSeconds } from './aws-creation-times.ts';

const PROFILE = 'managed-newcognito-collector-vpn.env';
const out = (line: string) => process.stdout.write(`${line}\n`);
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

const cfnMock = mockClient(CloudFormationClient);
const fake = new FakeCloudFormation({ pageSize: 100, createSeconds: typicalCreateSeconds, changeSetSeconds: 5 });
const cfn = new CloudFormationClient({ region: 'us-east-1' });
const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

/** a step that takes `seconds` on the fake clock the first time, then is found */
function slowStep(seconds: number, outputs: Record<string, string>): StepRunner {
  let made = false;
  return {
    find: async () => (made ? outputs : undefined),
    run: () => new Promise((resolve) => setTimeout(() => {
      made = true;
      resolve(outputs);
    }, seconds * 1000)),
  };
}

async function timed<T>(promise: Promise<T>): Promise<{ result: T; virtualMs: number; realMs: number }> {
  const start = clock.now;
  const real = process.hrtime.bigint();
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  while (!done) await clock.tickAsync(250);
  return { result: await promise, virtualMs: clock.now - start, realMs: Number(process.hrtime.bigint() - real) / 1e6 };
}

async function deployOnce(concurrency: number) {
  fake.reset();
  fake.install(cfnMock);
  const { plan } = await planForProfile(PROFILE);
  const steps = {
    image: slowStep(IMAGE_BUILD_SECONDS, { ImageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway@sha256:${'b'.repeat(64)}` }),
    certificates: slowStep(8, { VpnServerCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', VpnClientRootCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }),
  };
  const ctx = (): DeployContext => ({
    cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps, concurrency,
    timing: { minDelay: 5, maxDelay: 30, maxWaitTime: 6 * 3600 }, eventPollMs: 5000,
  });
  const first = await timed(deployPlan(plan, ctx()));
  if (first.result.result !== 'deployed') throw new Error(`bench deploy ended ${first.result.result}: ${first.result.failure?.message}`);
  const changeSets = fake.calls('CreateChangeSet');
  const again = await timed(deployPlan(plan, ctx()));
  return { first, again, changeSetsOnRerun: fake.calls('CreateChangeSet') - changeSets, gatewayUpdateMs: gatewayUpdateSeconds() * 1000 };
}

/** what the original's second gateway pass cost: an update of the task definition and service */
function gatewayUpdateSeconds(): number {
  return (typicalCreateSeconds('AWS::ECS::TaskDefinition') + typicalCreateSeconds('AWS::ECS::Service')) / 2;
}

const graph = await deployOnce(4);
const sequential = await deployOnce(1);
clock.uninstall();

out(`cagw deploy bench, profile ${PROFILE}, fake CloudFormation with typical AWS creation times (fake clock)`);
out(`  one pass over the graph (4 at a time):   ${minutes(graph.first.virtualMs)}`);
out(`  same stacks one after another:          ${minutes(sequential.first.virtualMs)}`);
out(`  ... plus the original's second gateway rollout: ${minutes(sequential.first.virtualMs + sequential.gatewayUpdateMs)}`);
out(`  speed-up over the original's order:     ${((sequential.first.virtualMs + sequential.gatewayUpdateMs) / graph.first.virtualMs).toFixed(2)}x`);
out(`  no-op re-run: ${(graph.again.virtualMs / 1000).toFixed(2)} s on the fake clock, ${graph.again.realMs.toFixed(1)} ms of real time, ${graph.changeSetsOnRerun} change sets created`);
