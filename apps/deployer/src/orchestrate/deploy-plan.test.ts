// The deployer end to end against the stateful fake CloudFormation, for every shipped profile
// and for the faults a long deploy meets.
import { CagwError } from '@cagw/errors';
import { describe, expect, test, vi } from 'vitest';
import { deployPlan, type DeployContext } from './deploy-plan.ts';
import { stacksOf, type DeploymentPlan } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { fakeSteps, planForProfile, shippedProfiles } from './testing/profile-fixture.ts';
import { seedLandingZone } from './testing/landing-zone.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { testDeployContext } from './testing/test-deploy-context.ts';

const { mock: cfnMock, fake, cfn } = useStrictFakeCloudFormation({ pageSize: 3, createSeconds: (type) => (type.startsWith('AWS::RDS::DBInstance') ? 300 : type.startsWith('AWS::ECS::Service') ? 120 : 10) });
const FLAGSHIP = 'managed-newcognito-collector-vpn.env';

function context(host: RecordingDeployHost, steps = fakeSteps(), extra: Partial<DeployContext> = {}): DeployContext {
  return testDeployContext(cfn, { host, steps, ...extra });
}
const run = (plan: DeploymentPlan, ctx: DeployContext) => advanceUntilSettled(deployPlan(plan, ctx));

describe.each(shippedProfiles())('profile %s', (profile) => {
  test('deploys every stack once, in dependency order, parameters wired from outputs; a second run changes nothing', async () => {
    const { plan } = await planForProfile(profile);
    seedLandingZone(fake); // profiles/existing-vpc.env deploys into its VPC
    const steps = fakeSteps();
    const first = await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps));
    expect(first.failure).toBeUndefined();
    expect(first.result).toBe('deployed');

    const stacks = stacksOf(plan);
    expect(fake.stackNames()).toEqual(stacks.map((s) => s.stackName).sort());
    for (const s of stacks) {
      expect(fake.status(s.stackName)).toBe('CREATE_COMPLETE');
      // a stack starts only after every stack it reads outputs from is complete
      const started = fake.executions.find((e) => e.stackName === s.stackName)?.at ?? 0;
      for (const dep of s.dependsOn) {
        const upstream = stacks.find((x) => x.id === dep);
        if (!upstream) continue;
        const depDone = fake.executions.find((e) => e.stackName === upstream.stackName)?.at ?? Infinity;
        expect(started).toBeGreaterThan(depDone);
      }
      for (const [name, source] of Object.entries(s.parameters)) {
        if (source.kind !== 'output') continue;
        const upstream = stacks.find((x) => x.id === source.node);
        const expected = upstream ? fake.outputsOf(upstream.stackName)[source.output] : first.outputs[source.node]?.[source.output];
        expect(fake.parametersOf(s.stackName)[name], `${s.stackName}.${name}`).toBe(expected);
      }
    }
    // one rollout of the gateway per deploy
    const gatewayStack = stacks.find((x) => x.id === 'gateway')?.stackName;
    expect(fake.executions.filter((e) => e.stackName === gatewayStack)).toHaveLength(1);

    const calls = { cs: fake.calls('CreateChangeSet'), ex: fake.calls('ExecuteChangeSet') };
    const again = await run(plan, context(new RecordingDeployHost({}), steps));
    expect(again.result).toBe('no-changes');
    expect(fake.calls('CreateChangeSet')).toBe(calls.cs);
    expect(fake.calls('ExecuteChangeSet')).toBe(calls.ex);
    expect(steps.image.runs + steps.certificates.runs).toBeLessThanOrEqual(2);
  });
});

test('independent stacks overlap: database, collector and vpn deploy at the same time after the network', async () => {
  const { plan } = await planForProfile(FLAGSHIP);
  await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true })));
  const at = (part: string) => fake.executions.find((e) => e.stackName === `claude-gateway-${part}`)?.at as number;
  expect(at('idp')).toBeLessThan(at('database'));            // idp needs nothing: it starts with the network
  expect(Math.abs(at('database') - at('collector'))).toBeLessThan(15_000);
  expect(Math.abs(at('database') - at('vpn'))).toBeLessThan(15_000);
});

test('a failed resource reports its root cause, not the cancellations, and nothing new starts', async () => {
  const { plan } = await planForProfile(FLAGSHIP);
  fake.failResource('claude-gateway-network', 'RegionalNatGateway', 'Resource limit exceeded: the maximum number of NAT gateways has been reached');
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true });
  const outcome = await run(plan, context(host));
  expect(outcome.result).toBe('failed');
  expect(outcome.failure?.code).toBe('StackFailed');
  expect(outcome.failure?.message).toContain('RegionalNatGateway');
  expect(outcome.failure?.message).toContain('maximum number of NAT gateways');
  expect(outcome.failure?.message).not.toContain('cancelled');
  expect(outcome.failure?.fix).toMatch(/ROLLBACK_COMPLETE/);
  expect(fake.status('claude-gateway-network')).toBe('ROLLBACK_COMPLETE');
  // the idp stack had already started and may finish; nothing that needs the network starts
  expect(fake.stackNames()).not.toContain('claude-gateway-database');
  expect(outcome.nodes.find((n) => n.node === 'gateway')?.state).toBe('skipped');
});

test('a stack left in ROLLBACK_COMPLETE is deleted and created again on the next run', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  fake.seedStack('claude-gateway-network', 'ROLLBACK_COMPLETE');
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true });
  const outcome = await run(plan, context(host));
  const review = outcome.reviews.find((r) => r.node === 'network');
  expect(review?.action).toBe('recreate');
  expect(outcome.result).toBe('deployed');
  expect(fake.status('claude-gateway-network')).toBe('CREATE_COMPLETE');
});

test('a stack that is still updating is refused before any change set, with the fix', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  fake.seedStack('claude-gateway-database', 'UPDATE_IN_PROGRESS');
  const error = await run(plan, context(new RecordingDeployHost({}))).catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('StackBusy');
  expect((error as CagwError).fix).toContain('cancel-update-stack');
  expect(fake.calls('CreateChangeSet')).toBe(0);
});

test('throttling on reads is retried and the deploy still succeeds', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  fake.throttle('DescribeStacks', 4);
  fake.throttle('DescribeStackEvents', 3);
  fake.throttle('DescribeChangeSet', 2);
  const outcome = await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true })));
  expect(outcome.failure).toBeUndefined();
  expect(outcome.result).toBe('deployed');
});

test('credentials expiring mid-deploy end with the login fix, and nothing new starts', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true });
  const promise = deployPlan(plan, context(host));
  // let the review and the network create start, then the session expires
  await vi.advanceTimersByTimeAsync(20_000);
  fake.expireCredentialsAfter(0);
  const outcome = await advanceUntilSettled(promise);
  expect(outcome.result).toBe('failed');
  expect(outcome.failure?.code).toBe('AwsCredentialsExpired');
  expect(outcome.failure?.fix).toContain('aws sso login');
  expect(outcome.nodes.find((n) => n.node === 'gateway')?.state).toBe('skipped');
});

test('expired credentials before anything starts: nothing is created', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  fake.expireCredentialsAfter(0);
  const error = await run(plan, context(new RecordingDeployHost({}), fakeSteps(), { awsProfile: 'acme-admin' })).catch((e: unknown) => e);
  expect((error as CagwError).code).toBe('AwsCredentialsExpired');
  expect((error as CagwError).fix).toContain('aws sso login --profile acme-admin');
  expect(fake.stackNames()).toEqual([]);
});

test('Ctrl-C stops following, starts nothing new and names the stacks still updating', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const controller = new AbortController();
  const promise = deployPlan(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), fakeSteps(), { signal: controller.signal }));
  await vi.advanceTimersByTimeAsync(30_000);
  controller.abort();
  const outcome = await advanceUntilSettled(promise);
  expect(outcome.result).toBe('interrupted');
  expect(outcome.stillUpdating).toEqual(['claude-gateway-network']);
  expect(fake.stackNames()).toEqual(['claude-gateway-network']);
});

test('a declined plan deletes its change sets and the empty stacks they made', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: false });
  const error = await run(plan, context(host)).catch((e: unknown) => e);
  expect((error as CagwError).code).toBe('DeployAborted');
  expect(fake.changeSetNames()).toEqual([]);
  await advanceUntilSettled(new Promise((r) => setTimeout(r, 60_000)));
  expect(fake.stackNames()).toEqual([]);
  expect(host.codes()).toContain('CAGW_DEPLOY_I0410');
});

test('a dry run shows every change set, then deletes them and changes nothing', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const host = new RecordingDeployHost({});
  const outcome = await run(plan, context(host, fakeSteps(), { dryRun: true }));
  expect(outcome.result).toBe('dry-run');
  const network = outcome.reviews.find((r) => r.node === 'network');
  expect(network?.changes.length).toBeGreaterThan(10);
  expect(outcome.reviews.find((r) => r.node === 'gateway')?.plannedFromTemplate).toBe(true);
  expect(fake.calls('ExecuteChangeSet')).toBe(0);
  expect(fake.changeSetNames()).toEqual([]);
});

test('an update after a profile change makes one change set for the changed stack only', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const steps = fakeSteps();
  await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps));
  const before = fake.calls('CreateChangeSet');
  const { plan: changed } = await planForProfile('byo-oidc-notelemetry.env', {}, { MAX_TASKS: '12' });
  const outcome = await run(changed, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps));
  expect(outcome.failure).toBeUndefined();
  expect(outcome.result).toBe('deployed');
  expect(fake.calls('CreateChangeSet') - before).toBe(1);
  const gateway = outcome.reviews.find((r) => r.node === 'gateway');
  expect(gateway?.action).toBe('update');
  expect(gateway?.changes.map((c) => c.action)).toContain('Modify');
  expect(fake.parametersOf('claude-gateway-gateway').MaxTasks).toBe('12');
});

test('a stack reviewed as unchanged is updated after all when an upstream update changes an output it reads', async () => {
  // subnet ids that follow ClientCidr, and that exist (the database's List<AWS::EC2::Subnet::Id> is checked)
  const subnetsFor = (cidr: string | undefined) => (cidr === '10.40.0.0/16' ? ['subnet-0a0a0a0a0a0a0a0a1', 'subnet-0a0a0a0a0a0a0a0a2'] : ['subnet-0b0b0b0b0b0b0b0b1', 'subnet-0b0b0b0b0b0b0b0b2']).join(',');
  const subnets = new FakeCloudFormation({ pageSize: 3, createSeconds: () => 10, outputValue: (stack, key, params) => (stack.endsWith('-network') && key === 'PrivateSubnetIds' ? subnetsFor(params.ClientCidr) : undefined) });
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  subnets.install(cfnMock);
  for (const id of [...subnetsFor('10.40.0.0/16').split(','), ...subnetsFor(undefined).split(',')]) subnets.seedExisting('AWS::EC2::Subnet', id);
  const steps = fakeSteps();
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  expect((await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps))).result).toBe('deployed');
  const { plan: wider } = await planForProfile('byo-oidc-notelemetry.env', {}, { CLIENT_CIDR: '10.40.0.0/16' });
  // its late change set is shown and asked about again (deploy-plan.late-change-sets.test.ts)
  const outcome = await run(wider, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true }), steps));
  expect(outcome.reviews.find((r) => r.node === 'database')?.action).toBe('unchanged');
  expect(outcome.nodes.find((n) => n.node === 'database')?.state).toBe('completed');
  expect(subnets.parametersOf('claude-gateway-database').PrivateSubnetIds).toBe(subnetsFor('10.40.0.0/16'));
  expect(subnets.executions.filter((e) => e.stackName === 'claude-gateway-database').map((e) => e.type)).toEqual(['CREATE', 'UPDATE']);
  subnets.reset();
});

test('a stack whose rollback failed is refused with the continue-update-rollback fix', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  fake.seedStack('claude-gateway-gateway', 'UPDATE_ROLLBACK_FAILED');
  const error = await run(plan, context(new RecordingDeployHost({}))).catch((e: unknown) => e);
  expect((error as CagwError).fix).toContain('aws cloudformation continue-update-rollback --stack-name claude-gateway-gateway');
  expect(fake.calls('CreateChangeSet')).toBe(0);
});

test('Ctrl-C while the change sets are being made deletes them and starts nothing', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const controller = new AbortController();
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true });
  const original = host.progress.bind(host);
  host.progress = (u) => {
    original(u);
    if (u.phase === 'creating change set') controller.abort();
  };
  const outcome = await run(plan, context(host, fakeSteps(), { signal: controller.signal }));
  expect(outcome.result).toBe('interrupted');
  expect(host.questions).toEqual([]);
  expect(fake.calls('ExecuteChangeSet')).toBe(0);
  expect(fake.changeSetNames()).toEqual([]);
});

test('the root cause comes from this operation, not an earlier failure still inside the clock-skew margin', async () => {
  const steps = fakeSteps();
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  expect((await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps))).result).toBe('deployed');
  // two failed updates of the same stack, seconds apart
  fake.failResource('claude-gateway-gateway', 'ScalableTarget', 'first failure: quota');
  const { plan: eleven } = await planForProfile('byo-oidc-notelemetry.env', {}, { MAX_TASKS: '11' });
  const first = await run(eleven, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps));
  expect(first.failure?.message).toContain('first failure');
  expect(fake.status('claude-gateway-gateway')).toBe('UPDATE_ROLLBACK_COMPLETE');
  fake.failResource('claude-gateway-gateway', 'ScalableTarget', 'second failure: throttled by Application Auto Scaling');
  const second = await run(eleven, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps));
  expect(second.failure?.message).toContain('second failure');
  expect(second.failure?.fix).toContain('rolled back to its previous state');
});

test('a certificate stuck in DNS validation is reported with the zone and domain check as the fix', async () => {
  const { plan } = await planForProfile('managed-newcognito-notelemetry.env');
  fake.failResource('claude-gateway-gateway', 'Certificate', 'Certificate validation timed out: the DNS record was not found');
  const outcome = await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), fakeSteps(), { fixContext: { gatewayHost: 'claude.example.com', zoneId: 'Z0123456789EXAMPLE01' } }));
  expect(outcome.failure?.where).toBe('claude-gateway-gateway/Certificate');
  expect(outcome.failure?.fix).toContain('check that claude.example.com lies inside the public hosted zone Z0123456789EXAMPLE01');
  expect(outcome.nodes.find((n) => n.node === 'observability')?.state).toBe('skipped');
});

test('after an update rolled back, re-deploying the previous profile recovers: the rolled-back stack still feeds its outputs', async () => {
  const steps = fakeSteps(); // one image across the runs: it is built once, then reused
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  expect((await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps))).result).toBe('deployed');
  fake.failResource('claude-gateway-gateway', 'ScalableTarget', 'quota exceeded');
  const { plan: eleven } = await planForProfile('byo-oidc-notelemetry.env', {}, { MAX_TASKS: '11' });
  expect((await run(eleven, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps))).result).toBe('failed');
  expect(fake.status('claude-gateway-gateway')).toBe('UPDATE_ROLLBACK_COMPLETE');
  // back to the previous profile: the gateway has nothing to change, and the stacks after it still get its outputs
  const again = await run(plan, context(new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps));
  expect(again.reviews.find((r) => r.node === 'gateway')?.action).toBe('unchanged');
  expect(again.failure?.message).toBeUndefined();
  // the rollback already restored the previous state, so there is nothing left to do
  expect(again.result).toBe('no-changes');
});
