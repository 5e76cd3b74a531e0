// The lock that lets one deploy, destroy, upgrade, rollback or caps apply of a profile run at a
// time, like Terraform's state lock: an object locks/<profile>.lock.json in the state bucket,
// written with an S3 conditional write. PutObject with If-None-Match: * writes only when no
// object has the key, else S3 answers 412 PreconditionFailed; two writes racing for the key get
// one success and one 409 ConditionalRequestConflict, to be retried
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
// The lock is released by DeleteObject with If-Match: <the ETag it was written with>, so a run
// whose lock was broken and taken by another never deletes the newer holder's lock (412)
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html).
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';

/** Who holds a lock: what cagw writes in the lock object, and shows to whoever finds it held. */
export interface LockHolder {
  /** the STS caller ARN of the holder's credentials */
  who: string;
  host: string;
  pid: number;
  /** the command that took it, e.g. "cagw deploy" */
  command: string;
  /** ISO 8601 UTC */
  since: string;
}

/** Where a profile's lock lives: the state bucket of the account and region. */
export interface LockPlace {
  s3: S3Client;
  bucket: string;
  /** the account that must own the bucket (ExpectedBucketOwner) */
  account: string;
  profile: string;
  awsProfile?: string | undefined;
}

export interface HeldLock {
  holder: LockHolder;
  etag: string;
  /** deletes the lock if it is still this run's; 'lost' when someone broke it meanwhile */
  release(): Promise<'released' | 'lost'>;
}

export type LockAttempt = { held: HeldLock } | { lockedBy: LockHolder | undefined; etag: string | undefined };

export const lockKey = (profile: string): string => `locks/${profile}.lock.json`;

const errorName = (e: unknown): string | undefined => (e as Error | undefined)?.name;
const httpStatus = (e: unknown): number | undefined => (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
const isPreconditionFailed = (e: unknown) => errorName(e) === 'PreconditionFailed' || httpStatus(e) === 412;
const isConflict = (e: unknown) => errorName(e) === 'ConditionalRequestConflict' || httpStatus(e) === 409;
const isMissing = (e: unknown) => errorName(e) === 'NoSuchKey' || httpStatus(e) === 404;

/** 409 answers retried before giving up: S3 answers it only while another write of the key is in flight. */
const CONFLICT_RETRIES = 5;

/** Takes the lock, or says who holds it (undefined when the holder's object cannot be read). */
export async function tryAcquireProfileLock(place: LockPlace, holder: LockHolder): Promise<LockAttempt> {
  const Key = lockKey(place.profile);
  const opts = { awsProfile: place.awsProfile };
  for (let attempt = 0; ; attempt++) {
    const put = await callAws(`taking the lock s3://${place.bucket}/${Key}`, () => place.s3.send(new PutObjectCommand({
      Bucket: place.bucket, Key, Body: JSON.stringify(holder, null, 2), ContentType: 'application/json', IfNoneMatch: '*', ExpectedBucketOwner: place.account,
    })).catch((e: unknown) => {
      if (isConflict(e)) return 'conflict' as const;
      if (isPreconditionFailed(e)) return 'held' as const;
      throw e;
    }), { ...opts, throttleRetries: 0 });
    if (put === 'conflict' && attempt < CONFLICT_RETRIES) continue;
    if (typeof put === 'object') {
      const etag = put.ETag ?? '';
      return { held: { holder, etag, release: () => releaseLock(place, etag) } };
    }
    const current = await readProfileLock(place);
    // released between the refused write and the read: try again
    if (!current && attempt < CONFLICT_RETRIES) continue;
    return { lockedBy: current?.holder, etag: current?.etag };
  }
}

/** The lock object, if there is one. */
export async function readProfileLock(place: LockPlace): Promise<{ holder: LockHolder | undefined; etag: string } | undefined> {
  const Key = lockKey(place.profile);
  const got = await callAws(`reading the lock s3://${place.bucket}/${Key}`, () => place.s3.send(new GetObjectCommand({ Bucket: place.bucket, Key, ExpectedBucketOwner: place.account })).catch((e: unknown) => {
    if (isMissing(e)) return undefined;
    throw e;
  }), { awsProfile: place.awsProfile });
  if (!got) return undefined;
  const text = (await got.Body?.transformToString()) ?? '';
  return { holder: parseHolder(text), etag: got.ETag ?? '' };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.who === 'string' && typeof h.host === 'string' && typeof h.pid === 'number' && typeof h.since === 'string') return { command: '', ...h } as LockHolder;
  } catch {
    // an object someone else wrote there: shown as an unreadable holder
  }
  return undefined;
}

async function releaseLock(place: LockPlace, etag: string): Promise<'released' | 'lost'> {
  const Key = lockKey(place.profile);
  return callAws(`releasing the lock s3://${place.bucket}/${Key}`, () => place.s3.send(new DeleteObjectCommand({ Bucket: place.bucket, Key, IfMatch: etag, ExpectedBucketOwner: place.account })).then(
    () => 'released' as const,
    (e: unknown) => {
      // broken (gone), or broken and taken by another run (another ETag): theirs stays
      if (isPreconditionFailed(e) || isMissing(e)) return 'lost' as const;
      throw e;
    },
  ), { awsProfile: place.awsProfile, throttleRetries: 0 });
}

/**
 * Deletes the lock that held the given ETag (the one shown to the operator who chose to break
 * it): if another run took the lock since, its lock is kept and 'changed' is returned.
 */
export async function breakProfileLock(place: LockPlace, etag: string): Promise<'broken' | 'changed'> {
  const Key = lockKey(place.profile);
  return callAws(`breaking the lock s3://${place.bucket}/${Key}`, () => place.s3.send(new DeleteObjectCommand({ Bucket: place.bucket, Key, IfMatch: etag, ExpectedBucketOwner: place.account })).then(
    () => 'broken' as const,
    (e: unknown) => {
      if (isMissing(e)) return 'broken' as const;
      if (isPreconditionFailed(e)) return 'changed' as const;
      throw e;
    },
  ), { awsProfile: place.awsProfile, throttleRetries: 0 });
}

/** One line naming the holder: who, where, which process, since when. */
export function describeHolder(h: LockHolder | undefined): string {
  if (!h) return 'a holder whose lock object cagw cannot read';
  return `${h.who} on ${h.host} (pid ${h.pid}${h.command ? `, ${h.command}` : ''}) since ${h.since.replace('T', ' ').slice(0, 19)} UTC`;
}

/** The error for a command refused because another run holds the profile's lock. */
export function profileLockedError(place: Pick<LockPlace, 'bucket' | 'profile'>, holder: LockHolder | undefined, command: string): CagwError {
  return new CagwError('ProfileLocked', `profile ${place.profile} is locked by ${describeHolder(holder)}: another deploy, destroy, upgrade, rollback or caps apply of it is running`, {
    source: 'user', where: `s3://${place.bucket}/${lockKey(place.profile)}`,
    fix: `wait for it to finish and run ${command} again; if that run crashed (its process is gone), break the lock with ${command} --break-lock`,
  });
}
