// A bucket name collision, against moto's S3 (`moto_server` 5.2.1, an implementation nobody here
// wrote) and the state fake: the same calls, the same answers, as the CreateBucket API reference
// documents them (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html, Errors):
// another account's name is 409 BucketAlreadyExists; this account's is 409
// BucketAlreadyOwnedByYou, except in us-east-1, where S3 answers 200 for legacy compatibility.
// Recorded here: moto 5.2.1 does not check ExpectedBucketOwner nor cross-account access on
// HeadBucket (it answers 200 for another account's bucket), so what cagw bootstrap looks at
// before it creates anything (HeadBucket of the state bucket name with this account as
// ExpectedBucketOwner: 403 when another account holds it, "Verifying bucket ownership with
// bucket owner condition", S3 User Guide) is checked on the fake alone.
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startMoto, type MotoServer } from '@cagw/strict-cloudformation';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FAKE_ACCOUNT, FakeStateS3 } from '../state/testing/fake-state-s3.ts';
import { stateBucketName } from './bootstrap-names.ts';

const OTHER_ACCOUNT = '111111111111';
const answer = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.$metadata?.httpStatusCode} ${e.name}`);

interface Clients { ours: S3Client; oursInIreland: S3Client; other: S3Client }

async function scenario({ ours, oursInIreland, other }: Clients) {
  const squatted = stateBucketName(FAKE_ACCOUNT, 'us-east-1');
  const euWest1 = { LocationConstraint: 'eu-west-1' as const };
  return {
    otherCreates: await answer(other.send(new CreateBucketCommand({ Bucket: squatted }))),
    weCreateTheSame: await answer(ours.send(new CreateBucketCommand({ Bucket: squatted }))),
    weCreateInUsEast1: await answer(ours.send(new CreateBucketCommand({ Bucket: 'cagw-collision-use1' }))),
    weCreateItAgain: await answer(ours.send(new CreateBucketCommand({ Bucket: 'cagw-collision-use1' }))),
    weCreateInEuWest1: await answer(oursInIreland.send(new CreateBucketCommand({ Bucket: 'cagw-collision-euw1', CreateBucketConfiguration: euWest1 }))),
    weCreateThatAgain: await answer(oursInIreland.send(new CreateBucketCommand({ Bucket: 'cagw-collision-euw1', CreateBucketConfiguration: euWest1 }))),
    otherCreatesOurs: await answer(other.send(new CreateBucketCommand({ Bucket: 'cagw-collision-euw1', CreateBucketConfiguration: euWest1 }))),
  };
}

const documented = {
  otherCreates: 'ok', weCreateTheSame: '409 BucketAlreadyExists',
  weCreateInUsEast1: 'ok', weCreateItAgain: 'ok', weCreateInEuWest1: 'ok', weCreateThatAgain: '409 BucketAlreadyOwnedByYou', otherCreatesOurs: '409 BucketAlreadyExists',
};

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 70_000);
afterAll(async () => moto?.stop());

test('moto answers a bucket name collision as the CreateBucket reference documents', async () => {
  const client = (region: string, account?: string) => {
    const c = new S3Client({ region, endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' } });
    // moto's buckets belong to its default account, 123456789012 (the fake's), unless a request names another
    if (account) c.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    }, { step: 'build' });
    return c;
  };
  expect(await scenario({ ours: client('us-east-1'), oursInIreland: client('eu-west-1'), other: client('us-east-1', OTHER_ACCOUNT) })).toEqual(documented);
}, 30_000);

test('the state fake answers it the same', async () => {
  const fake = new FakeStateS3();
  const ours = fake.client();
  expect(await scenario({ ours, oursInIreland: fake.client(FAKE_ACCOUNT, 'eu-west-1'), other: fake.client(OTHER_ACCOUNT) })).toEqual(documented);
  const look = (ExpectedBucketOwner: string) => answer(ours.send(new HeadBucketCommand({ Bucket: stateBucketName(FAKE_ACCOUNT, 'us-east-1'), ExpectedBucketOwner })));
  expect([await look(FAKE_ACCOUNT), await look(OTHER_ACCOUNT)]).toEqual(['403 Forbidden', '403 Forbidden']);
  expect(await answer(ours.send(new HeadBucketCommand({ Bucket: 'cagw-collision-use1', ExpectedBucketOwner: FAKE_ACCOUNT })))).toBe('ok');
});
