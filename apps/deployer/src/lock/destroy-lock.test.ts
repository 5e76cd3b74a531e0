// Issue 24, "A lock": cagw destroy takes the profile's lock too. While another operator's run
// holds it, a destroy deletes nothing and names the holder; --break-lock (with --yes in CI)
// breaks a crashed run's lock and goes on.
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { RDSClient } from '@aws-sdk/client-rds';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { makeDestroyCommand, type DestroyDeps } from '../commands/destroy.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { FakeStateS3, fakeCaller } from '../state/testing/fake-state-s3.ts';

const PROFILE = 'managed-newcognito-notelemetry';
const BUCKET = 'cagw-state-123456789012-us-east-1';
const LOCK = `locks/${PROFILE}.lock.json`;
const cfnMock = mockClient(CloudFormationClient);
const cloudwatchMock = mockClient(CloudWatchClient);
const cfn = new FakeCloudFormation();
let s3: FakeStateS3;

beforeEach(async () => {
  vi.useFakeTimers();
  cfnMock.reset();
  cloudwatchMock.reset();
  cloudwatchMock.onAnyCommand().resolves({});
  cfn.reset();
  cfn.install(cfnMock);
  s3 = new FakeStateS3();
  s3.addBucket(BUCKET);
  const alice = { who: 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice', host: 'alice-laptop', pid: 4242, command: 'cagw deploy', since: '2026-12-08T00:40:00.000Z' };
  await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: LOCK, Body: JSON.stringify(alice), IfNoneMatch: '*' }));
});
afterEach(() => vi.useRealTimers());

function bob(): DestroyDeps {
  return {
    env: {},
    clients: () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), rds: new RDSClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }), cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), s3: s3.client() }),
    sts: () => fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob'),
    ask: async () => 'claude-gateway', stderr: { write: () => true }, live: false, onInterrupt: () => () => {},
    tuning: { timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 600 }, eventPollMs: 3000 },
  };
}
const flags = { profile: join(PROFILES_DIR, `${PROFILE}.env`), yes: true, confirm: 'claude-gateway', json: false };

test("a destroy while another operator's run holds the lock deletes nothing and names the holder", async () => {
  const io = createRecordingIo();
  expect(await advanceUntilSettled(makeDestroyCommand(bob).run(flags, [], io))).toBe(1);
  expect(io.stderr.join('\n')).toContain(`profile ${PROFILE} is locked by arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice on alice-laptop (pid 4242, cagw deploy) since 2026-12-08 00:40:00 UTC`);
  expect(io.stderr.join('\n')).toContain('cagw destroy --break-lock');
  expect(s3.keys(BUCKET)).toContain(LOCK);
});

test('destroy --break-lock --yes breaks the crashed run\'s lock, goes on, and releases its own', async () => {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(bob).run({ ...flags, 'break-lock': true } as typeof flags, [], io));
  expect(code, io.stderr.join('\n')).toBe(0);
  expect(io.stderr.join('\n')).toContain(`broke the lock of profile ${PROFILE} that arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice on alice-laptop`);
  expect(s3.keys(BUCKET)).not.toContain(LOCK);
});
