// Issue 24, "A lock": two operators, each in their own working folder with their own
// credentials, deploy the same profile against one fake account. While A's deploy runs (held at
// its confirmation), B's is refused naming A (caller ARN, host, pid, since when); once A's ends
// B's runs. A lock a crashed run left is broken only with --break-lock, after asking.
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { runDeployment, type DeploymentFlags } from '../cli/run-deployment.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { FakeStateS3, fakeCaller } from '../state/testing/fake-state-s3.ts';

const PROFILE = 'managed-newcognito-notelemetry';
const STATE_BUCKET = 'cagw-state-123456789012-us-east-1';
const LOCK = `locks/${PROFILE}.lock.json`;
const ALICE = 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice';
const BOB = 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob';
const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const cfn = new FakeCloudFormation({ createSeconds: () => 20 });
let s3: FakeStateS3;
const roots: string[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  for (const m of [cfnMock, ec2Mock, cloudwatchMock]) m.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  cfn.reset();
  cfn.install(cfnMock);
  s3 = new FakeStateS3();
  s3.addBucket(STATE_BUCKET); // cagw bootstrap ran in this account
});
afterEach(() => {
  vi.useRealTimers();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** An operator: their own working folder and credentials, the one shared account. */
function operator(arn: string) {
  const root = mkdtempSync(join(tmpdir(), 'cagw-lock-'));
  roots.push(root);
  return (flags: Partial<DeploymentFlags> = {}, ask?: (q: string) => Promise<boolean>) => {
    const io = createRecordingIo();
    const deps = fakeDeploymentDeps(root, ask ? { ask } : {});
    const clients = deps.clients.bind(deps);
    deps.clients = (settings) => ({ ...clients(settings), s3: s3.client(), sts: fakeCaller(arn) });
    const run = runDeployment({ profile: join(PROFILES_DIR, `${PROFILE}.env`), yes: true, json: false, 'dry-run': false, 'allow-replace': [], ...flags }, io, deps, { gatewayOnly: false });
    return { run, io };
  };
}

test("B's deploy is refused while A's runs, naming A and since when; it runs once A's is done", async () => {
  const alice = operator(ALICE);
  const bob = operator(BOB);
  let reached!: () => void;
  const atQuestion = new Promise<void>((resolve) => (reached = resolve));
  let answer!: (yes: boolean) => void;
  const a = alice({ yes: false }, () => {
    reached();
    return new Promise<boolean>((resolve) => (answer = resolve));
  });
  await advanceUntilSettled(atQuestion);
  const since = JSON.parse(s3.body(STATE_BUCKET, LOCK) ?? '{}').since as string;
  expect(since).toMatch(/^\d{4}-\d\d-\d\dT/);

  const b = bob();
  expect(await advanceUntilSettled(b.run)).toBe(1);
  const refused = b.io.stderr.join('\n');
  expect(refused).toContain(`profile ${PROFILE} is locked by ${ALICE} on ${hostname()} (pid ${process.pid}, cagw deploy) since ${since.replace('T', ' ').slice(0, 19)} UTC`);
  expect(refused).toContain('--break-lock');

  answer(true);
  expect(await advanceUntilSettled(a.run)).toBe(0);
  expect(s3.keys(STATE_BUCKET)).not.toContain(LOCK);
  const again = bob();
  expect(await advanceUntilSettled(again.run), again.io.stderr.join('\n')).toBe(0);
  expect(s3.keys(STATE_BUCKET)).not.toContain(LOCK);
});

test('a lock a crashed run left is broken only with --break-lock, after asking, and never silently', async () => {
  const crashed = { who: ALICE, host: 'alice-laptop', pid: 4242, command: 'cagw deploy', since: '2026-12-07T22:10:00.000Z' };
  s3.client(); // the bucket is there; the crashed run's lock is in it
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  await s3.client().send(new PutObjectCommand({ Bucket: STATE_BUCKET, Key: LOCK, Body: JSON.stringify(crashed), IfNoneMatch: '*' }));
  const bob = operator(BOB);

  const plain = bob();
  expect(await advanceUntilSettled(plain.run)).toBe(1);
  expect(plain.io.stderr.join('\n')).toContain(`locked by ${ALICE} on alice-laptop (pid 4242, cagw deploy) since 2026-12-07 22:10:00 UTC`);

  const questions: string[] = [];
  const declined = bob({ 'break-lock': true, yes: false }, async (q) => (questions.push(q), false));
  expect(await advanceUntilSettled(declined.run)).toBe(1);
  expect(questions).toEqual([`Break the lock of profile ${PROFILE} held by ${ALICE} on alice-laptop (pid 4242, cagw deploy) since 2026-12-07 22:10:00 UTC? Only if that run is gone: two runs at once can leave stacks half-updated.`]);
  expect(JSON.parse(s3.body(STATE_BUCKET, LOCK) ?? '{}')).toEqual(crashed);

  const broken = bob({ 'break-lock': true });
  expect(await advanceUntilSettled(broken.run), broken.io.stderr.join('\n')).toBe(0);
  expect(broken.io.stderr.join('\n')).toContain(`broke the lock of profile ${PROFILE} that ${ALICE} on alice-laptop (pid 4242, cagw deploy) since 2026-12-07 22:10:00 UTC held`);
  expect(s3.keys(STATE_BUCKET)).not.toContain(LOCK);
});
