// Model-based runs (fast-check commands) of the deployer against the fake CloudFormation:
// random sequences of profile changes, injected failures and deploys. The model is a few
// facts (what is deployed, with which MAX_TASKS, whether the gateway stack is dead), far
// simpler than the deployer, and each deploy's outcome must agree with it.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { fakeSteps, planForProfile } from './testing/profile-fixture.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';

const PROFILE = 'byo-oidc-notelemetry.env';
const GATEWAY = 'claude-gateway-gateway';
const cfnMock = mockClient(CloudFormationClient);
const fake = new FakeCloudFormation({ pageSize: 3, createSeconds: () => 15 });
const cfn = new CloudFormationClient({ region: 'us-east-1' });

interface Model {
  maxTasks: number;
  /** MAX_TASKS of the last successful deploy; undefined before one */
  deployedMaxTasks: number | undefined;
  /** the last deploy succeeded, so every stack is as it left them (a failure unsettles them) */
  settled: boolean;
  gateway: 'absent' | 'dead' | 'ok';
  failureArmed: boolean;
}
interface Real {
  steps: ReturnType<typeof fakeSteps>;
}

class SetMaxTasks implements fc.AsyncCommand<Model, Real> {
  constructor(readonly n: number) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    // Only the profile changes: a value set back to what is deployed leaves nothing to do.
    m.maxTasks = this.n;
  }
  toString = () => `SetMaxTasks(${this.n})`;
}

class FailGatewayService implements fc.AsyncCommand<Model, Real> {
  // the service resource is only touched when the gateway stack is created
  check = (m: Readonly<Model>) => m.gateway !== 'ok' && !m.failureArmed;
  async run(m: Model): Promise<void> {
    fake.failResource(GATEWAY, 'Service', 'ECS Deployment Circuit Breaker was triggered');
    m.failureArmed = true;
  }
  toString = () => 'FailGatewayService';
}

class Deploy implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const { plan } = await planForProfile(PROFILE, {}, { MAX_TASKS: String(m.maxTasks) });
    const changeSetsBefore = fake.calls('CreateChangeSet');
    const outcome = await advanceUntilSettled(deployPlan(plan, {
      cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps: r.steps, timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000,
    }));
    if (m.failureArmed) {
      expect(outcome.result).toBe('failed');
      expect(outcome.failure?.where).toBe(`${GATEWAY}/Service`);
      expect(fake.status(GATEWAY)).toBe('ROLLBACK_COMPLETE');
      expect(outcome.nodes.find((n) => n.node === 'observability')?.state).toBe('skipped');
      Object.assign(m, { failureArmed: false, gateway: 'dead', settled: false });
      return;
    }
    if (m.settled && m.deployedMaxTasks === m.maxTasks) {
      expect(outcome.result).toBe('no-changes');
      expect(fake.calls('CreateChangeSet')).toBe(changeSetsBefore);
      return;
    }
    expect(outcome.failure?.message).toBeUndefined();
    expect(outcome.result).toBe('deployed');
    expect(fake.parametersOf(GATEWAY).MaxTasks).toBe(String(m.maxTasks));
    for (const name of fake.stackNames()) expect(fake.status(name)).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    Object.assign(m, { deployedMaxTasks: m.maxTasks, settled: true, gateway: 'ok' });
  }
  toString = () => 'Deploy';
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

test('any sequence of profile changes, failures and deploys agrees with the model', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.commands([
        fc.integer({ min: 2, max: 12 }).map((n) => new SetMaxTasks(n)),
        fc.constant(new FailGatewayService()),
        fc.constant(new Deploy()),
      ], { maxCommands: 8 }),
      async (commands) => {
        cfnMock.reset();
        cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
        fake.reset();
        fake.install(cfnMock);
        const model: Model = { maxTasks: 10, deployedMaxTasks: undefined, settled: false, gateway: 'absent', failureArmed: false };
        await fc.asyncModelRun(() => ({ model, real: { steps: fakeSteps() } }), commands);
      },
    ),
    { numRuns: 12 },
  );
}, 120_000);
