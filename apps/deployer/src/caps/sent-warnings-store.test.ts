// The keys of the cap warnings sent, kept between passes: only the periods under way, and in the
// state bucket written over the version read only (a second reconciler meanwhile is refused).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, test } from 'vitest';
import { FakeStateS3, fakeCaller } from '../state/testing/fake-state-s3.ts';
import { bucketSentWarningsStore, currentKeys, sentWarningsKey } from './sent-warnings-store.ts';

const BUCKET = 'cagw-state-123456789012-us-east-1';
const now = new Date('2026-12-08T10:00:00Z');

test('only the keys of the day, ISO week and month under way are kept', () => {
  const keys = ['2026-12-08|daily|s1|organization|80', '2026-12-07|daily|s1|organization|80', '2026-W50|weekly|s1|user:a@example.com|90', '2026-W49|weekly|s1|user:a@example.com|90', '2026-12|monthly|s2|group:x|100', '2026-11|monthly|s2|group:x|100', '2026-12|daily|s3|organization|80'];
  expect(currentKeys(keys, now)).toEqual(['2026-12-08|daily|s1|organization|80', '2026-12|monthly|s2|group:x|100', '2026-W50|weekly|s1|user:a@example.com|90']);
});

test('the state bucket keeps the keys between passes; a write over a version another pass saved meanwhile is refused', async () => {
  const s3 = new FakeStateS3();
  s3.addBucket(BUCKET);
  const access = () => ({ s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/Reconciler/x'), region: 'us-east-1', profile: 'acme' });
  const first = bucketSentWarningsStore(access(), () => now);
  expect(await first.load()).toEqual(new Set());
  await first.save(['2026-12-08|daily|s1|organization|80', '2026-12-07|daily|s1|organization|80']);
  expect(JSON.parse(s3.body(BUCKET, sentWarningsKey('acme')) as string)).toEqual({ sent: ['2026-12-08|daily|s1|organization|80'] });

  const second = bucketSentWarningsStore(access(), () => now);
  expect(await second.load()).toEqual(new Set(['2026-12-08|daily|s1|organization|80']));
  await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: sentWarningsKey('acme'), Body: '{"sent":[]}' }));
  await expect(second.save(['2026-12-08|daily|s1|organization|90'])).rejects.toMatchObject({ code: 'CapWarningsChangedMeanwhile' });
});
