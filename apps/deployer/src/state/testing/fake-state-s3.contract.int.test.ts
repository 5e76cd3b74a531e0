// The fake state bucket's conditional writes against moto's S3 (`moto_server` 5.2.1, an
// implementation nobody here wrote): the same calls, the same answers. Recorded here: moto 5.2.1
// implements PutObject If-None-Match: * (412 PreconditionFailed when the key has an object),
// PutObject If-Match (412 on another ETag, 404 NoSuchKey without an object) and DeleteObject
// If-Match (the same two answers), as the S3 user guide documents them
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html). moto never
// answers 409 ConditionalRequestConflict (it serialises requests), so the lock's retry on 409 is
// tested against the fake alone (profile-lock.test.ts).
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startMoto, type MotoServer } from '@cagw/strict-cloudformation';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { breakProfileLock, readProfileLock, tryAcquireProfileLock, type LockPlace } from '../../lock/profile-lock.ts';
import { FAKE_ACCOUNT, FakeStateS3 } from './fake-state-s3.ts';

const BUCKET = 'cagw-state-123456789012-us-east-1';
const holder = (who: string) => ({ who, host: 'h', pid: 1, command: 'cagw deploy', since: '2026-12-08T01:00:00.000Z' });
const answer = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.$metadata?.httpStatusCode} ${e.name}`);

/** The calls, the same for both; what each answered. */
async function scenario(s3: S3Client) {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const o = { Bucket: BUCKET, Key: 'k' };
  const created = await s3.send(new PutObjectCommand({ ...o, Body: 'one', IfNoneMatch: '*' }));
  const raw = {
    createAgain: await answer(s3.send(new PutObjectCommand({ ...o, Body: 'two', IfNoneMatch: '*' }))),
    replaceOtherEtag: await answer(s3.send(new PutObjectCommand({ ...o, Body: 'two', IfMatch: '"0123456789abcdef0123456789abcdef"' }))),
    replaceMissing: await answer(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'absent', Body: 'x', IfMatch: created.ETag }))),
    deleteOtherEtag: await answer(s3.send(new DeleteObjectCommand({ ...o, IfMatch: '"0123456789abcdef0123456789abcdef"' }))),
    deleteOwnEtag: await answer(s3.send(new DeleteObjectCommand({ ...o, IfMatch: created.ETag }))),
    deleteGone: await answer(s3.send(new DeleteObjectCommand({ ...o, IfMatch: created.ETag }))),
  };
  // the lock on top: a second taker learns the first; a stale ETag breaks nothing
  const place: LockPlace = { s3, bucket: BUCKET, account: FAKE_ACCOUNT, profile: 'p' };
  const first = await tryAcquireProfileLock(place, holder('alice'));
  const second = await tryAcquireProfileLock(place, holder('bob'));
  const firstEtag = 'held' in first ? first.held.etag : '';
  const lock = {
    firstTook: 'held' in first,
    secondSaw: 'lockedBy' in second ? second.lockedBy?.who : 'took it',
    readBack: (await readProfileLock(place))?.holder?.who,
    released: 'held' in first ? await first.held.release() : undefined,
    releasedAgain: 'held' in first ? await first.held.release() : undefined,
  };
  const third = await tryAcquireProfileLock(place, holder('carol'));
  return { raw, lock: { ...lock, thirdTook: 'held' in third, breakStale: await breakProfileLock(place, firstEtag) } };
}

const documented = {
  raw: { createAgain: '412 PreconditionFailed', replaceOtherEtag: '412 PreconditionFailed', replaceMissing: '404 NoSuchKey', deleteOtherEtag: '412 PreconditionFailed', deleteOwnEtag: 'ok', deleteGone: '404 NoSuchKey' },
  lock: { firstTook: true, secondSaw: 'alice', readBack: 'alice', released: 'released', releasedAgain: 'lost', thirdTook: true, breakStale: 'changed' },
};

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 70_000);
afterAll(async () => moto?.stop());

test('moto answers the conditional writes and deletes the lock makes as S3 documents', async () => {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' } });
  // moto's buckets belong to its default account, 123456789012, the fake's too
  expect(await scenario(s3)).toEqual(documented);
}, 30_000);

test('the fake answers them the same', async () => {
  expect(await scenario(new FakeStateS3().client())).toEqual(documented);
});
