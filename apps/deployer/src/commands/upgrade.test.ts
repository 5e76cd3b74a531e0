// cagw upgrade and cagw rollback against the strict fake CloudFormation: one image build, one
// gateway rollout, the previous version and image recorded, and rollback deploying them again
// through CloudFormation after one confirmation. ECS is never written to: any ECS call fails.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import type { DeploymentDeps } from '../cli/run-deployment.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
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
const GATEWAY_STACK = 'claude-gateway-gateway';

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

const deployment = (env: NodeJS.ProcessEnv = {}): DeploymentDeps => fakeDeploymentDeps(root, {
  env,
  steps: () => ({ image: imageStep, certificates: { find: async () => ({ ...CERTIFICATE_ARNS }), run: async () => ({ ...CERTIFICATE_ARNS }) } }),
});

const comparison = (from: string, to: string): VersionComparison => ({
  from, to, accepted: true, refused: [], newWarnings: [], goneWarnings: [],
  current: { result: 'pass', version: from, errors: [], warnings: [], loopbackNotes: [], packedBytes: 1000, limit: 4096 },
});
const upgradeDeps = (): UpgradeDeps => ({ deployment, compare: async (settings, to) => comparison(settings.CLAUDE_VERSION, to) });
const rollbackDeps = () => ({ deployment, outRoot: root });
const deploy = async () => expect(await advanceUntilSettled(makeDeployCommand(() => deployment()).run({ profile, yes: true, json: false, 'dry-run': false, 'allow-replace': [] }, [], createRecordingIo()))).toBe(0);
const upgrade = (io = createRecordingIo(), to = '2.1.330') => advanceUntilSettled(makeUpgradeCommand(upgradeDeps).run({ profile, to, check: false, 'allow-downgrade': false, yes: true, json: false }, [], io));
const rollback = (yes: boolean, io = createRecordingIo()) => advanceUntilSettled(makeRollbackCommand(rollbackDeps).run({ profile, yes }, [], io));
const gatewayRollouts = () => fake.executions.filter((execution) => execution.stackName === GATEWAY_STACK).length;

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cloudwatchMock.reset();
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  // upgrade and rollback go through CloudFormation only: ECS would refuse a service update to the
  // task definition CloudFormation deregistered when it replaced it
  ecsMock.reset();
  ecsMock.onAnyCommand().rejects(new Error('unexpected ECS call'));
  fake.reset();
  fake.install(cfnMock);
  builds.length = 0;
  rmSync(join(root, 'out'), { recursive: true, force: true });
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), 'utf8')}\nCLAUDE_VERSION=2.1.329\n`);
});
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('upgrade records the version and image that run, builds one image, rolls the gateway out once and writes the version into the profile', async () => {
  await deploy();
  expect(builds).toEqual(['2.1.329']);
  const rolloutsBefore = gatewayRollouts();
  const oldImage = fake.parametersOf(GATEWAY_STACK).GatewayImageUri;

  const io = createRecordingIo();
  expect(await upgrade(io)).toBe(0);
  expect(io.stderr.join('\n')).not.toMatch(/error(\[\w+\])?:/);
  expect(builds).toEqual(['2.1.329', '2.1.330']);
  expect(gatewayRollouts()).toBe(rolloutsBefore + 1);
  expect(fake.parametersOf(GATEWAY_STACK).GatewayImageUri).not.toBe(oldImage);
  expect(io.stdout.join('\n')).toContain('claude gateway 2.1.329 -> 2.1.330: the new version boots this config');
  const record = JSON.parse(readFileSync(join(root, 'out', 'team', 'rollback.json'), 'utf8'));
  expect(record).toMatchObject({ previousVersion: '2.1.329', previousImage: oldImage, upgradedTo: '2.1.330' });
  expect(readFileSync(profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.330$/m);
  expect(readFileSync(profile, 'utf8')).not.toMatch(/^CLAUDE_VERSION=2\.1\.329$/m);
  expect(ecsMock.calls()).toHaveLength(0);
});

test('rollback asks once, deploys the previous version through CloudFormation with its image reused, and a second rollback finds nothing to do', async () => {
  await deploy();
  const oldImage = fake.parametersOf(GATEWAY_STACK).GatewayImageUri;
  expect(await upgrade()).toBe(0);
  const newImage = fake.parametersOf(GATEWAY_STACK).GatewayImageUri;
  const executionsBefore = fake.executions.length;

  // without --yes and without a terminal: refused, and nothing runs
  const refused = await rollback(false).catch((error: Error) => error);
  expect(refused).toMatchObject({ code: 'ConfirmationNeeded' });
  expect(fake.executions).toHaveLength(executionsBefore);
  expect(fake.parametersOf(GATEWAY_STACK).GatewayImageUri).toBe(newImage);
  expect(readFileSync(profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.330$/m);

  const back = createRecordingIo();
  expect(await rollback(true, back)).toBe(0);
  // one rollout of the gateway stack alone, the previous image found again, nothing built
  expect(fake.executions.slice(executionsBefore).map((execution) => execution.stackName)).toEqual([GATEWAY_STACK]);
  expect(fake.status(GATEWAY_STACK)).toBe('UPDATE_COMPLETE');
  expect(fake.parametersOf(GATEWAY_STACK).GatewayImageUri).toBe(oldImage);
  expect(builds).toEqual(['2.1.329', '2.1.330']);
  expect(back.stdout.join('\n')).toContain(`rolled back: ${GATEWAY_STACK} runs claude gateway 2.1.329 (${oldImage})`);
  expect(back.stderr.join('\n')).not.toContain('new build');
  expect(readFileSync(profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.329$/m);
  expect(ecsMock.calls()).toHaveLength(0);

  const again = createRecordingIo();
  const changeSets = fake.calls('CreateChangeSet');
  expect(await rollback(true, again)).toBe(0);
  expect(again.stdout.join('\n')).toContain('nothing to roll back');
  expect(fake.calls('CreateChangeSet')).toBe(changeSets);
});

test('a rollback record of an earlier cagw (a task definition, no image) is refused with the deploy that replaces it', async () => {
  await deploy();
  const recordPath = join(root, 'out', 'team', 'rollback.json');
  writeFileSync(recordPath, JSON.stringify({ previous: { cluster: 'claude-gateway', service: 'gateway', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/claude-gateway-gateway:7' }, previousVersion: '2.1.328', upgradedTo: '2.1.329', at: '2026-11-02T10:00:00.000Z' }));
  const refused = await rollback(true).catch((error: Error) => error);
  expect(refused).toMatchObject({ code: 'NothingToRollBack', where: recordPath });
  expect((refused as { fix?: string }).fix).toContain('CLAUDE_VERSION');
  expect(fake.executions.filter((execution) => execution.stackName === GATEWAY_STACK)).toHaveLength(1);
});

test('rollback before any deploy names the missing gateway stack', async () => {
  mkdirSync(join(root, 'out', 'team'), { recursive: true });
  writeFileSync(join(root, 'out', 'team', 'rollback.json'), JSON.stringify({ previousVersion: '2.1.329', previousImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-gateway@sha256:${'c'.repeat(64)}`, upgradedTo: '2.1.330', at: '2026-11-02T10:00:00.000Z' }));
  const refused = await rollback(true).catch((error: Error) => error);
  expect(refused).toMatchObject({ code: 'GatewayNotDeployed', where: GATEWAY_STACK });
  expect(fake.calls('CreateChangeSet')).toBe(0);
});

test('with BUILD_IMAGE=false an upgrade deploys nothing and says how to bring the new image; --check still compares', async () => {
  writeFileSync(profile, `${readFileSync(profile, 'utf8')}BUILD_IMAGE=false\nGATEWAY_IMAGE_URI=123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-gateway@sha256:${'e'.repeat(64)}\n`);
  const refused = await upgrade().catch((error: Error) => error);
  expect(refused).toMatchObject({ code: 'UpgradeNeedsBuiltImage', where: 'BUILD_IMAGE' });
  expect((refused as { fix?: string }).fix).toContain('cagw image build');
  expect(fake.calls('CreateChangeSet')).toBe(0);
  expect(await makeUpgradeCommand(upgradeDeps).run({ profile, to: '2.1.330', check: true, 'allow-downgrade': false, yes: false, json: false }, [], createRecordingIo())).toBe(0);
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
