// Issue 24, "State in the account": operator A upgrades from their working folder; operator B,
// in another folder with no out/ at all, rolls it back, reading the rollback record from the
// state bucket of the one fake account. Both runs hold the profile's lock in turn, and each run
// adds one record to the profile's deploy history, which cagw state history lists.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import type { DeploymentDeps } from '../cli/run-deployment.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { makeDeployCommand } from '../commands/deploy.ts';
import { makeRollbackCommand } from '../commands/rollback.ts';
import { makeStateCommand } from '../commands/state.ts';
import { makeUpgradeCommand } from '../commands/upgrade.ts';
import type { StepRunner } from '../orchestrate/step-runner.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { CERTIFICATE_ARNS, PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import type { HistoryRecord } from './history-store.ts';
import { FakeStateS3, fakeCaller } from './testing/fake-state-s3.ts';

const cfnMock = mockClient(CloudFormationClient);
const cloudwatchMock = mockClient(CloudWatchClient);
const cfn = new FakeCloudFormation({ createSeconds: () => 20 });
const BUCKET = 'cagw-state-123456789012-us-east-1';
const GATEWAY_STACK = 'claude-gateway-gateway';
let s3: FakeStateS3;
const roots: string[] = [];
// one build per Claude Code version, found again after: as the real image step
const builds: string[] = [];
const imageOf = (inputs: Record<string, string>) => ({ ImageUri: `${inputs.RepositoryUri}@sha256:${(inputs.ClaudeVersion === '2.1.329' ? 'c' : 'd').repeat(64)}` });
const imageStep: StepRunner = {
  find: async (inputs) => (builds.includes(inputs.ClaudeVersion as string) ? imageOf(inputs) : undefined),
  run: async (inputs) => (builds.push(inputs.ClaudeVersion as string), imageOf(inputs)),
};

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cloudwatchMock.reset();
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  cfn.reset();
  cfn.install(cfnMock);
  builds.length = 0;
  s3 = new FakeStateS3();
  s3.addBucket(BUCKET);
});
afterEach(() => {
  vi.useRealTimers();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** An operator's own working folder (their clone, with the profile) and credentials. */
function operator(who: string) {
  const root = mkdtempSync(join(tmpdir(), `cagw-${who}-`));
  roots.push(root);
  const profile = join(root, 'team.env');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), 'utf8')}\nCLAUDE_VERSION=2.1.329\n`);
  const deployment = (env: NodeJS.ProcessEnv = {}): DeploymentDeps => {
    const deps = fakeDeploymentDeps(root, { env, steps: () => ({ image: imageStep, certificates: { find: async () => ({ ...CERTIFICATE_ARNS }), run: async () => ({ ...CERTIFICATE_ARNS }) } }) });
    const clients = deps.clients.bind(deps);
    deps.clients = (settings) => ({ ...clients(settings), s3: s3.client(), sts: fakeCaller(`arn:aws:sts::123456789012:assumed-role/PlatformAdmin/${who}`) });
    return deps;
  };
  return { root, profile, deployment };
}

test('B rolls back what A upgraded, from a working folder without out/, with the record from the state bucket', async () => {
  const a = operator('alice');
  const b = operator('bob');
  expect(await advanceUntilSettled(makeDeployCommand(() => a.deployment()).run({ profile: a.profile, yes: true, json: false, 'dry-run': false, 'allow-replace': [] }, [], createRecordingIo()))).toBe(0);
  const oldImage = cfn.parametersOf(GATEWAY_STACK).GatewayImageUri;
  const up = createRecordingIo();
  const compare = async (settings: { CLAUDE_VERSION: string }, to: string) => ({ from: settings.CLAUDE_VERSION, to, accepted: true, refused: [], newWarnings: [], goneWarnings: [], current: { result: 'pass', version: settings.CLAUDE_VERSION, errors: [], warnings: [], loopbackNotes: [], packedBytes: 1000, limit: 4096 } });
  expect(await advanceUntilSettled(makeUpgradeCommand(() => ({ deployment: a.deployment, compare: compare as never })).run({ profile: a.profile, to: '2.1.330', check: false, 'allow-downgrade': false, yes: true, json: false }, [], up)), up.stderr.join('\n')).toBe(0);
  expect(up.stderr.join('\n')).toContain(`recorded claude gateway 2.1.329 (${oldImage}) in s3://${BUCKET}/profiles/team/rollback.json`);
  expect(cfn.parametersOf(GATEWAY_STACK).GatewayImageUri).not.toBe(oldImage);

  // B pulled the merged profile (2.1.330) and has never run cagw here
  writeFileSync(b.profile, readFileSync(a.profile, 'utf8'));
  expect(existsSync(join(b.root, 'out'))).toBe(false);
  const back = createRecordingIo();
  expect(await advanceUntilSettled(makeRollbackCommand(() => ({ deployment: b.deployment, outRoot: b.root })).run({ profile: b.profile, yes: true }, [], back)), back.stderr.join('\n')).toBe(0);
  expect(cfn.parametersOf(GATEWAY_STACK).GatewayImageUri).toBe(oldImage);
  expect(back.stdout.join('\n')).toContain(`rolled back: ${GATEWAY_STACK} runs claude gateway 2.1.329 (${oldImage})`);
  expect(readFileSync(b.profile, 'utf8')).toMatch(/^CLAUDE_VERSION=2\.1\.329$/m);
  expect(s3.keys(BUCKET)).not.toContain('locks/team.lock.json');

  // the history: who ran what, when, on which profile text, how each stack ended
  const state = makeStateCommand({ clients: () => ({ s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/carol') }), env: {} });
  const listed = createRecordingIo();
  expect(await state.run({ profile: b.profile, json: true }, ['history'], listed), listed.stderr.join('\n')).toBe(0);
  const records = JSON.parse(listed.stdout[0] ?? '[]') as HistoryRecord[];
  expect(records.map((r) => [r.command, r.result, r.gatewayVersion, r.by.split('/').pop()])).toEqual([
    ['cagw deploy', 'deployed', '2.1.329', 'alice'],
    ['cagw upgrade', 'deployed', '2.1.330', 'alice'],
    ['cagw rollback', 'deployed', '2.1.329', 'bob'],
  ]);
  expect(records.map((r) => Date.parse(r.at))).toEqual(records.map((r) => Date.parse(r.at)).sort((x, y) => x - y));
  // B rolled back from the merged profile (2.1.330, A's text), which the rollback then rewrote
  expect(records[2]?.profileDigest).toBe(`sha256:${createHash('sha256').update(readFileSync(a.profile)).digest('hex')}`);
  expect(records[0]?.stacks).toContainEqual({ name: GATEWAY_STACK, outcome: 'completed' });
  const text = createRecordingIo();
  expect(await state.run({ profile: b.profile, json: false }, ['history'], text)).toBe(0);
  expect(text.stdout.join('\n')).toMatch(/^WHEN +COMMAND +RESULT +GATEWAY +PROFILE +BY +STACKS$/m);
  expect(text.stdout.join('\n')).toMatch(/cagw rollback +deployed +2\.1\.329 +sha256:[0-9a-f]{12} +arn:aws:sts::123456789012:assumed-role\/PlatformAdmin\/bob +.*claude-gateway-gateway completed/);
});
