// Issue 21.5: nothing executes that was not shown. A change set made after the one
// confirmation (an upstream output changed, or the stack's inputs were pending) is shown and
// asked about again; declined, it is deleted and the run stops. A stack created from its
// template as the review listed it is shown, not asked about again.
import { expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import type { NodeReview } from './deploy-plan.ts';
import type { DeploymentPlan } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { fakeSteps, planForProfile } from './testing/profile-fixture.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { testDeployContext } from './testing/test-deploy-context.ts';

// private subnet ids that follow ClientCidr and exist (the database's List<AWS::EC2::Subnet::Id> is checked)
const WIDE_CIDR = '10.40.0.0/16';
const subnetsFor = (cidr: string | undefined) => (cidr === WIDE_CIDR ? ['subnet-0a0a0a0a0a0a0a0a1', 'subnet-0a0a0a0a0a0a0a0a2'] : ['subnet-0b0b0b0b0b0b0b0b1', 'subnet-0b0b0b0b0b0b0b0b2']).join(',');
const { fake, cfn } = useStrictFakeCloudFormation({
  pageSize: 3, createSeconds: () => 10,
  outputValue: (stack, key, params) => (stack.endsWith('-network') && key === 'PrivateSubnetIds' ? subnetsFor(params.ClientCidr) : undefined),
});
const DATABASE = 'claude-gateway-database';
const PROFILE = 'byo-oidc-notelemetry.env';

const deploy = (plan: DeploymentPlan, host: RecordingDeployHost, steps: ReturnType<typeof fakeSteps>, allowReplace: string[] = []) =>
  advanceUntilSettled(deployPlan(plan, testDeployContext(cfn, { host, steps, allowReplace })));

const seedSubnets = () => {
  for (const id of [...subnetsFor(WIDE_CIDR).split(','), ...subnetsFor(undefined).split(',')]) fake.seedExisting('AWS::EC2::Subnet', id);
};

/** A first deploy of the profile, then the plan of an edit that changes the network's subnets. */
async function deployedThenWiderClientCidr(env: Record<string, string> = {}) {
  seedSubnets();
  const steps = fakeSteps();
  const { plan } = await planForProfile(PROFILE);
  expect((await deploy(plan, new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps)).result).toBe('deployed');
  const { plan: wider } = await planForProfile(PROFILE, {}, { CLIENT_CIDR: WIDE_CIDR, ...env });
  return { steps, wider };
}

const lateReviews = (host: RecordingDeployHost) => host.notices.filter((n) => n.code === 'CAGW_DEPLOY_I0301').map((n) => n.data as NodeReview);
const databaseUpdates = () => fake.executions.filter((e) => e.stackName === DATABASE && e.type === 'UPDATE').length;

test('a stack reviewed as unchanged is shown and asked about again before its late change set runs', async () => {
  const { steps, wider } = await deployedThenWiderClientCidr();
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true });
  // what stood when the second question came: the change set shown, the database not yet updated
  const whenAsked: { shown: string[]; databaseUpdates: number }[] = [];
  const answer = host.confirm.bind(host);
  host.confirm = (request) => {
    if (request.code === 'CAGW_DEPLOY_Q0002') whenAsked.push({ shown: lateReviews(host).map((r) => r.node), databaseUpdates: databaseUpdates() });
    return answer(request);
  };
  const outcome = await deploy(wider, host, steps);
  expect(outcome.reviews.find((r) => r.node === 'database')?.action).toBe('unchanged');
  expect(outcome.result).toBe('deployed');
  // the gateway reads the subnets too: it is asked about after the database
  expect(host.questions).toEqual(['CAGW_DEPLOY_Q0001', 'CAGW_DEPLOY_Q0002', 'CAGW_DEPLOY_Q0002']);
  expect(whenAsked[0]).toEqual({ shown: ['database'], databaseUpdates: 0 });
  expect(lateReviews(host).map((r) => r.node)).toEqual(['database', 'gateway']);
  const shown = lateReviews(host).find((r) => r.node === 'database');
  expect(shown?.action).toBe('update');
  expect(shown?.changes.map((c) => c.logicalId)).toContain('DbSubnetGroup');
  expect(databaseUpdates()).toBe(1);
});

test('declining a late change set deletes it, leaves the stack as it was and stops the run', async () => {
  const { steps, wider } = await deployedThenWiderClientCidr();
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: false });
  const outcome = await deploy(wider, host, steps);
  expect(host.questions).toEqual(['CAGW_DEPLOY_Q0001', 'CAGW_DEPLOY_Q0002']);
  expect(outcome.result).toBe('failed');
  expect(outcome.failure?.code).toBe('LateChangeSetDeclined');
  expect(outcome.failure?.where).toBe(DATABASE);
  expect(outcome.failure?.fix).toContain('cagw deploy');
  expect(databaseUpdates()).toBe(0);
  expect(fake.parametersOf(DATABASE).PrivateSubnetIds).toBe(subnetsFor(undefined));
  expect(fake.changeSetNames()).toEqual([]);
  // what reads the database does not start
  expect(outcome.nodes.find((n) => n.node === 'gateway')?.state).toBe('skipped');
});

test('a change set made from old upstream outputs is made again, shown and asked about again', async () => {
  // the database has its own change (Multi-AZ) and reads the subnets the network update changes
  const { steps, wider } = await deployedThenWiderClientCidr({ MULTI_AZ_DB: 'true' });
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true });
  // MultiAZ may replace the instance (Replacement Conditional): a guarded change, allowed by name
  const outcome = await deploy(wider, host, steps, ['Database']);
  expect(outcome.reviews.find((r) => r.node === 'database')?.action).toBe('update');
  expect(outcome.result).toBe('deployed');
  expect(host.questions).toEqual(['CAGW_DEPLOY_Q0001', 'CAGW_DEPLOY_Q0002', 'CAGW_DEPLOY_Q0002']);
  expect(lateReviews(host).map((r) => r.node)).toEqual(['database', 'gateway']);
  expect(lateReviews(host)[0]?.reason).toBe('an upstream output it reads changed after its change set was made');
  expect(fake.parametersOf(DATABASE)).toMatchObject({ PrivateSubnetIds: subnetsFor(WIDE_CIDR), MultiAzDatabase: 'true' });
});

test('a first deploy shows every stack created after its inputs, and asks only once', async () => {
  seedSubnets();
  const { plan } = await planForProfile(PROFILE);
  const host = new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true });
  const outcome = await deploy(plan, host, fakeSteps());
  expect(outcome.result).toBe('deployed');
  expect(host.questions).toEqual(['CAGW_DEPLOY_Q0001']);
  const pending = outcome.reviews.filter((r) => r.kind === 'stack' && r.plannedFromTemplate).map((r) => r.node);
  expect(pending.length).toBeGreaterThan(0);
  expect(lateReviews(host).map((r) => r.node).sort()).toEqual([...pending].sort());
  for (const late of lateReviews(host)) expect(late.changes.every((c) => c.action === 'Add')).toBe(true);
});
