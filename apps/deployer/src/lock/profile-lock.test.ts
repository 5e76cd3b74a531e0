// The profile lock on the fake state bucket: a write racing another (409
// ConditionalRequestConflict, "retry the upload") is retried, a lock broken and taken by
// another run is never deleted by the first run's release, and an unreadable lock object is
// named as such.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, test } from 'vitest';
import { FAKE_ACCOUNT, FakeStateS3 } from '../state/testing/fake-state-s3.ts';
import { breakProfileLock, describeHolder, lockKey, tryAcquireProfileLock, type LockPlace } from './profile-lock.ts';

const BUCKET = 'cagw-state-123456789012-us-east-1';
const holder = (who: string) => ({ who, host: 'ci-runner', pid: 77, command: 'cagw deploy', since: '2026-12-08T01:00:00.000Z' });
function place(): { fake: FakeStateS3; place: LockPlace } {
  const fake = new FakeStateS3();
  fake.addBucket(BUCKET);
  return { fake, place: { s3: fake.client(), bucket: BUCKET, account: FAKE_ACCOUNT, profile: 'prod' } };
}

test('a write that meets a concurrent one (409) is retried and takes the lock', async () => {
  const { fake, place: p } = place();
  fake.raceNextConditionalWrite(lockKey('prod'));
  const attempt = await tryAcquireProfileLock(p, holder('alice'));
  expect('held' in attempt).toBe(true);
  expect(JSON.parse(fake.body(BUCKET, 'locks/prod.lock.json') ?? '{}').who).toBe('alice');
});

test("a run whose lock was broken and taken by another keeps its hands off the new holder's lock", async () => {
  const { fake, place: p } = place();
  const alice = await tryAcquireProfileLock(p, holder('alice'));
  if (!('held' in alice)) throw new Error('alice should hold the lock');
  expect(await breakProfileLock(p, alice.held.etag)).toBe('broken');
  const bob = await tryAcquireProfileLock(p, holder('bob'));
  expect('held' in bob).toBe(true);
  expect(await alice.held.release()).toBe('lost');
  expect(JSON.parse(fake.body(BUCKET, 'locks/prod.lock.json') ?? '{}').who).toBe('bob');
});

test('a lock object cagw cannot read still holds the lock, and says so', async () => {
  const { place: p } = place();
  await p.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: lockKey('prod'), Body: 'not json' }));
  const attempt = await tryAcquireProfileLock(p, holder('alice'));
  expect('lockedBy' in attempt && attempt.lockedBy).toBeUndefined();
  expect(describeHolder(undefined)).toBe('a holder whose lock object cagw cannot read');
});
