// Issue 24, deploy history: a destroy adds its record too (who, the command, how it ended), read
// back by cagw state history from another operator's credentials.
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { makeDestroyCommand, type DestroyDeps } from '../commands/destroy.ts';
import { makeStateCommand } from '../commands/state.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import type { HistoryRecord } from './history-store.ts';
import { FakeStateS3, fakeCaller } from './testing/fake-state-s3.ts';

const PROFILE = join(PROFILES_DIR, 'managed-newcognito-notelemetry.env');
const BUCKET = 'cagw-state-123456789012-us-east-1';
const cfnMock = mockClient(CloudFormationClient);
const cloudwatchMock = mockClient(CloudWatchClient);
const cfn = new FakeCloudFormation();
let s3: FakeStateS3;

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cloudwatchMock.reset();
  cloudwatchMock.onAnyCommand().resolves({});
  cfn.reset();
  cfn.install(cfnMock);
  s3 = new FakeStateS3();
  s3.addBucket(BUCKET);
});
afterEach(() => vi.useRealTimers());

const bob = (): DestroyDeps => ({
  env: {},
  clients: () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), rds: new RDSClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }), cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), s3: s3.client() }),
  sts: () => fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob'),
  ask: async () => 'claude-gateway', stderr: { write: () => true }, live: false, onInterrupt: () => () => {},
  tuning: { timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 600 }, eventPollMs: 3000 },
});

test('a destroy adds one record to the deploy history, which state history lists', async () => {
  const io = createRecordingIo();
  expect(await advanceUntilSettled(makeDestroyCommand(bob).run({ profile: PROFILE, yes: true, confirm: 'claude-gateway', json: false }, [], io)), io.stderr.join('\n')).toBe(0);
  const listed = createRecordingIo();
  const state = makeStateCommand({ clients: () => ({ s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/carol') }), env: {} });
  expect(await state.run({ profile: PROFILE, json: true }, ['history'], listed)).toBe(0);
  const [record, ...more] = JSON.parse(listed.stdout[0] ?? '[]') as HistoryRecord[];
  expect(more).toEqual([]);
  expect(record).toMatchObject({ command: 'cagw destroy', result: 'nothing-deployed', by: 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob', stacks: [], profileDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  expect(s3.keys(BUCKET).filter((k) => k.startsWith('profiles/managed-newcognito-notelemetry/history/'))).toHaveLength(1);
});
