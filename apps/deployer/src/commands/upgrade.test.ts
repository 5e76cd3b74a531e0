// cagw upgrade and cagw rollback against the fake CloudFormation (the deploy) and a mocked ECS
// (the service's task definition): one image build, one gateway rollout, the previous task
// definition recorded, and rollback returning to it after one confirmation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import type { DeployClients } from '../cli/deploy-aws-clients.ts';
import type { DeploymentDeps } from '../cli/run-deployment.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeCloudFormation } from '../orchestrate/testing/fake-cloudformation.ts';
import { CERTIFICATE_ARNS, PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import type { StepRunner } from '../orchestrate/step-runner.ts';
import type { VersionComparison } from '../upgrade/compare-under-both.ts';
import { makeDeployCommand } from './deploy.ts';
import { makeRollbackCommand } from './rollback.ts';
import { makeUpgradeCommand, type UpgradeDeps } from './upgrade.ts';

const cfnMock = mockClient(CloudFormationClient);
const ecsMock = mockClient(ECSClient);
const cloudwatchMock = mockClient(CloudWatchClient);
const fake = new FakeCloudFormation({ pageSize: 4, createSeconds: () => 20 });
const root = mkdtempSync(join(tmpdir(), 'cagw-upgrade-'));
const profile = join(root, 'team.env');
const OLD_TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/claude-gateway-gateway:7';
const NEW_TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/claude-gateway-gateway:8';

// the image step as the real one behaves: one build per Claude Code version, found again after
const builds: string[] = [];
const imageStep: StepRunner = {
  find: async (inputs) => (builds.includes(inputs.ClaudeVersion as string) ? imageOf(inputs) : undefined),
  run: async (inputs) => {
    builds.push(inputs.ClaudeVersion as string);
    return imageOf(inputs);
  },
};
const imageOf = (inputs: Record<string, string>) => ({ ImageUri: `${inputs.RepositoryUri}@sha256:${(inputs.ClaudeVersion === '2.1.329' ? 'c' : 'd').repeat(64)}` });

function deployment(env: NodeJS.ProcessEnv = {}): DeploymentDeps {
  return {
    env: { ...env, COLLECTOR_IMAGE_URI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/adot@sha256:${'a'.repeat(64)}`, DB_CLIENT_IMAGE_URI: `public.ecr.aws/docker/library/postgres@sha256:${'c3'.repeat(32)}` },
    clients: () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }), cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), ecs: {} }) as unknown as DeployClients & { ec2: EC2Client },
    preflight: async () => [],
    steps: () => ({ image: imageStep, certificates: { find: async () => ({ ...CERTIFICATE_ARNS }), run: async () => ({ ...CERTIFICATE_ARNS }) } }),
    stderr: { write: () => true },
    live: false,
    onInterrupt: () => () => {},
    timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 },
    eventPollMs: 3000,
    outRoot: root,
  };
}

const comparison = (from: string, to: string): VersionComparison => ({
  from, to, accepted: true, refused: [], newWarnings: [], goneWarnings: [],
  current: { result: 'pass', version: from, errors: [], warnings: [], loopbackNotes: [], packedBytes: 1000, limit: 4096 },
});
const serviceClients = () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), ecs: new ECSClient({ region: 'us-east-1' }) });
const upgradeDeps = (): UpgradeDeps => ({ deployment, compare: async (settings, to) => comparison(settings.CLAUDE_VERSION, to), serviceClients });
let running = OLD_TD;

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cloudwatchMock.reset();
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  ecsMock.reset();
  ecsMock.onAnyCommand().rejects(new Error('unexpected ECS call'));
  // ECS answers with the task definition the service runs, stable (one deployment, all running)
  ecsMock.on(DescribeServicesCommand).callsFake(async (input) => ({
    services: [{ serviceName: input.services[0], taskDefinition: running, desiredCount: 2, runningCount: 2, deployments: [{ status: 'PRIMARY', taskDefinition: running, desiredCount: 2, runningCount: 2 }] }],
    failures: [],
  }));
  ecsMock.on(UpdateServiceCommand).callsFake(async (input) => {
    running = input.taskDefinition;
    return { service: { taskDefinition: running } };
  });
  fake.reset();
  fake.install(cfnMock);
  builds.length = 0;
  running = OLD_TD;
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), 'utf8')}\nCLAUDE_VERSION=2.1.329\n`);
});
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('upgrade records the running task definition, builds one image, rolls the gateway out once and writes the version into the profile; rollback returns to the recorded one', async () => {
  expect(await advanceUntilSettled(makeDeployCommand(() => deployment()).run({ profile, yes: true, json: false, 'dry-run': false }, [], createRecordingIo()))).toBe(0);
  expect(builds).toEqual(['2.1.329']);
  const gatewayStack = 'claude-gateway-gateway';
  const rolloutsBefore = fake.executions.filter((execution) => execution.stackName === gatewayStack).length;
  const oldImage = fake.parametersOf(gatewayStack).GatewayImageUri;

  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeUpgradeCommand(upgradeDeps).run({ profile, to: '2.1.330', check: false, 'allow-downgrade': false, yes: true, json: false }, [], io));
  expect(io.stderr.join('\n')).not.toContain('error:');
  expect(code).toBe(0);
  expect(builds).toEqual(['2.1.329', '2.1.330']);
  expect(fake.executions.filter((execution) => execution.stackName === gatewayStack)).toHaveLength(rolloutsBefore + 1);
  expect(fake.parametersOf(gatewayStack).GatewayImageUri).not.toBe(oldImage);
  expect(io.stdout.join('\n')).toContain('claude gateway 2.1.329 -> 2.1.330: the new version boots this config');
  const record = JSON.parse(readFileSync(join(root, 'out', 'team', 'rollback.json'), 'utf8'));
  expect(record).toMatchObject({ previous: { taskDefinition: OLD_TD, cluster: fake.outputsOf(gatewayStack).ClusterName, service: fake.outputsOf(gatewayStack).ServiceName }, previousVersion: '2.1.329', upgradedTo: '2.1.330' });
  expect(readFileSync(profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.330$/m);
  expect(readFileSync(profile, 'utf8')).not.toMatch(/^CLAUDE_VERSION=2\.1\.329$/m);

  // the new rollout runs task definition :8
  running = NEW_TD;
  const without = await advanceUntilSettled(makeRollbackCommand(() => ({ serviceClients, outRoot: root })).run({ profile, yes: false }, [], createRecordingIo()).catch((error: Error) => error));
  expect(without).toMatchObject({ code: 'ConfirmationNeeded' });
  expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);

  const back = createRecordingIo();
  expect(await advanceUntilSettled(makeRollbackCommand(() => ({ serviceClients, outRoot: root })).run({ profile, yes: true }, [], back))).toBe(0);
  expect(ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input)).toEqual([{ cluster: record.previous.cluster, service: record.previous.service, taskDefinition: OLD_TD }]);
  expect(back.stdout.join('\n')).toContain(`runs ${OLD_TD}`);
  expect(readFileSync(profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.329$/m);
});

test('upgrade --check compares and deploys nothing; a refused config stops the upgrade with exit 1', async () => {
  const io = createRecordingIo();
  const refusing: UpgradeDeps = { ...upgradeDeps(), compare: async (settings, to) => ({ ...comparison(settings.CLAUDE_VERSION, to), accepted: false, refused: [{ path: 'oidc.use_proxy', message: 'unknown key', source: undefined } as never] }) };
  expect(await makeUpgradeCommand(() => refusing).run({ profile, to: '2.1.330', check: false, 'allow-downgrade': false, yes: true, json: false }, [], io)).toBe(1);
  expect(io.stdout.join('\n')).toMatch(/REFUSES this config[\s\S]*refused {2}oidc\.use_proxy: unknown key/);
  expect(await makeUpgradeCommand(upgradeDeps).run({ profile, to: '2.1.330', check: true, 'allow-downgrade': false, yes: true, json: false }, [], createRecordingIo())).toBe(0);
  expect(fake.calls('CreateChangeSet')).toBe(0);
  expect(readFileSync(profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.329$/m);
});
