// What a command that changes a deployment does before its first change: find the state
// bucket, name itself (the STS caller, host, pid, command, now), and take the profile's lock;
// with --break-lock, a lock found held is shown, broken once the operator says so (or --yes),
// and taken.
import { hostname } from 'node:os';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';
import { stateBucketOf } from '../state/state-bucket.ts';
import { breakProfileLock, describeHolder, profileLockedError, tryAcquireProfileLock, type HeldLock, type LockPlace } from './profile-lock.ts';

export interface TakeLockOptions {
  s3: S3Client;
  sts: STSClient;
  region: string;
  awsProfile?: string | undefined;
  profile: string;
  /** the command, as the holder is shown to others and in the fix: "cagw deploy" */
  command: string;
  breakLock: boolean;
  /** asked before breaking a lock (answers true at once under --yes) */
  confirmBreak(question: string): Promise<boolean>;
  /** said when a lock was broken */
  info(line: string): void;
  now?: () => Date;
  pid?: number;
  host?: string;
}

export async function takeProfileLock(o: TakeLockOptions): Promise<HeldLock> {
  const who = await callAws('reading the caller identity for the lock (sts:GetCallerIdentity)', () => o.sts.send(new GetCallerIdentityCommand({})), { awsProfile: o.awsProfile });
  if (!who.Account || !who.Arn) {
    throw new CagwError('AwsCallFailed', 'sts:GetCallerIdentity named no account or caller, so the profile lock cannot say who holds it', {
      source: 'aws', where: o.awsProfile ? `AWS_PROFILE=${o.awsProfile}` : 'the default AWS credential chain', fix: `check the credentials with aws sts get-caller-identity, then run ${o.command} again`,
    });
  }
  const bucket = await stateBucketOf(o.s3, { account: who.Account, region: o.region, awsProfile: o.awsProfile });
  const place: LockPlace = { s3: o.s3, bucket: bucket.name, account: bucket.account, profile: o.profile, awsProfile: o.awsProfile };
  const holder = { who: who.Arn, host: o.host ?? hostname(), pid: o.pid ?? process.pid, command: o.command, since: (o.now ?? (() => new Date()))().toISOString() };
  const first = await tryAcquireProfileLock(place, holder);
  if ('held' in first) return first.held;
  if (!o.breakLock || first.etag === undefined) throw profileLockedError(place, first.lockedBy, o.command);
  const yes = await o.confirmBreak(`Break the lock of profile ${o.profile} held by ${describeHolder(first.lockedBy)}? Only if that run is gone: two runs at once can leave stacks half-updated.`);
  if (!yes) throw profileLockedError(place, first.lockedBy, o.command);
  const broken = await breakProfileLock(place, first.etag);
  // taken by yet another run while the question was open: that one is not broken unseen
  if (broken === 'changed') return takeAgainOrRefuse(place, holder, o.command);
  o.info(`broke the lock of profile ${o.profile} that ${describeHolder(first.lockedBy)} held`);
  return takeAgainOrRefuse(place, holder, o.command);
}

async function takeAgainOrRefuse(place: LockPlace, holder: Parameters<typeof tryAcquireProfileLock>[1], command: string): Promise<HeldLock> {
  const again = await tryAcquireProfileLock(place, holder);
  if ('held' in again) return again.held;
  throw profileLockedError(place, again.lockedBy, command);
}
