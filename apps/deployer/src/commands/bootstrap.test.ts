// cagw bootstrap through its command on the strict fake: the change set shown and nothing created
// on a no, the stack and its outputs on a yes, a malformed --trust-github refused before any AWS
// call, and cagw destroy of a profile leaving the bootstrap stack alone.
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { TEST_WAITS } from '../orchestrate/testing/test-deploy-context.ts';
import { FAKE_ACCOUNT, FakeStateS3, fakeCaller } from '../state/testing/fake-state-s3.ts';
import { makeBootstrapCommand, type BootstrapDeps } from './bootstrap.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });
const PROFILE = join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env');

function deps(answer: boolean, asked: string[] = [], s3 = new FakeStateS3()): () => BootstrapDeps {
  return () => ({
    clients: () => ({ cfn, s3: s3.client(), sts: fakeCaller(`arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/admin/alice`) }),
    confirm: async (q) => {
      asked.push(q);
      return answer;
    },
    tuning: TEST_WAITS, runId: () => '1',
  });
}
const flags = (extra: Record<string, unknown> = {}) => ({ profile: PROFILE, 'trust-github': undefined, destroy: false, yes: false, json: false, ...extra }) as never;

test('the change set is shown and nothing is created on a no; a yes creates the stack and prints its outputs', async () => {
  const asked: string[] = [];
  const no = createRecordingIo();
  expect(await advanceUntilSettled(makeBootstrapCommand(deps(false, asked)).run(flags({ 'trust-github': 'acme/gw:production' }), [], no))).toBe(1);
  expect(asked).toEqual(['Create cagw-bootstrap?']);
  expect(no.stderr.join('\n')).toMatch(/creates the stack cagw-bootstrap in us-east-1:[\s\S]*Add +StateBucket \(AWS::S3::Bucket\)[\s\S]*sub is repo:acme\/gw:environment:production/);
  expect(fake.stackNames(), fake.status('cagw-bootstrap')).toEqual([]);

  const yes = createRecordingIo();
  expect(await advanceUntilSettled(makeBootstrapCommand(deps(true)).run(flags({ 'trust-github': 'acme/gw:production', json: true }), [], yes))).toBe(0);
  const out = JSON.parse(yes.stdout[0] as string) as { result: string; outputs: Record<string, string> };
  expect(out.result).toBe('created');
  expect(out.outputs).toMatchObject({ BootstrapVersion: '1', StateBucketName: expect.any(String), ExecutionRoleArn: expect.any(String), DeployRoleArn: expect.any(String) });
  expect(fake.status('cagw-bootstrap')).toBe('CREATE_COMPLETE');
});

test('a malformed --trust-github is refused before any AWS call, with the fix', async () => {
  const error = await advanceUntilSettled(makeBootstrapCommand(deps(true)).run(flags({ 'trust-github': 'acme' }), [], createRecordingIo())).catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('TrustGithubInvalid');
  expect((error as CagwError).fix).toMatch(/--trust-github acme\/claude-gateway:production/);
  expect(fake.calls('DescribeStacks') + fake.calls('CreateChangeSet')).toBe(0);
});

test.each([
  ['another account', '111111111111', /held by another account[\s\S]*BucketAlreadyExists/, /ask the account that holds the name to delete the bucket/],
  ['this account, outside a bootstrap stack', FAKE_ACCOUNT, /already exists in this account outside a cagw-bootstrap stack/, /empty it of every object version and delete it/],
])('a state bucket name held by %s is refused before anything is created, with the fix', async (_who, owner, why, fix) => {
  const s3 = new FakeStateS3();
  s3.addBucket(`cagw-state-${FAKE_ACCOUNT}-us-east-1`, owner);
  const error = await advanceUntilSettled(makeBootstrapCommand(deps(true, [], s3)).run(flags({ yes: true }), [], createRecordingIo())).catch((e: unknown) => e);
  expect(CagwError.is(error) && `${error.code}: ${error.message}`).toMatch(/^BootstrapStateBucketTaken: /);
  expect((error as CagwError).message).toMatch(why);
  expect((error as CagwError).fix).toMatch(fix);
  expect(fake.calls('CreateChangeSet')).toBe(0);
  expect(fake.stackNames()).toEqual([]);
});
