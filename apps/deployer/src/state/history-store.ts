// The deploy history of a profile, in the state bucket (profiles/<profile>/history/): each
// deploy, upgrade, rollback and destroy adds one record — who (the STS caller ARN), when, the
// command, the profile's digest, each stack and how it ended, the gateway version — as an object
// of its own, so two operators never write the same object (PutObject If-None-Match: *,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html) and nothing is
// rewritten. Names start with the time, so S3's listing (UTF-8 key order) is the history's order.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { callAws } from '../orchestrate/aws-call.ts';
import type { StateAccess } from './rollback-store.ts';
import { stateBucketOf } from './state-bucket.ts';

export const historyPrefix = (profile: string): string => `profiles/${profile}/history/`;

export interface HistoryRecord {
  /** ISO 8601, UTC */
  at: string;
  /** the STS caller ARN of whoever ran it */
  by: string;
  command: string;
  /** sha256 of the profile file as it was run */
  profileDigest: string;
  /** how the run ended: deployed, no-changes, failed, interrupted, destroyed, ... */
  result: string;
  stacks: { name: string; outcome: string }[];
  /** CLAUDE_VERSION, the gateway's release */
  gatewayVersion: string;
}

export type HistoryEntry = Omit<HistoryRecord, 'at' | 'by'>;

/** sha256:<hex> of the profile file (the text the run read). */
export function profileDigestOf(profilePath: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(profilePath)).digest('hex')}`;
}

async function whoAndWhere(a: StateAccess) {
  const who = await callAws('reading the AWS account (sts:GetCallerIdentity)', () => a.sts.send(new GetCallerIdentityCommand({})), { awsProfile: a.awsProfile });
  const bucket = await stateBucketOf(a.s3, { account: who.Account ?? '', region: a.region, awsProfile: a.awsProfile });
  return { by: who.Arn ?? '', bucket };
}

/** Adds one record; returns its s3:// address. */
export async function appendHistory(a: StateAccess, entry: HistoryEntry, now: Date = new Date()): Promise<string> {
  const { by, bucket } = await whoAndWhere(a);
  const at = now.toISOString();
  const record: HistoryRecord = { at, by, ...entry };
  // the time first (sorts), then a random part: two runs in one millisecond never collide
  const key = `${historyPrefix(a.profile)}${at.replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.json`;
  await callAws(`adding to the deploy history s3://${bucket.name}/${key}`, () => a.s3.send(new PutObjectCommand({
    Bucket: bucket.name, Key: key, Body: `${JSON.stringify(record, null, 2)}\n`, ContentType: 'application/json', ExpectedBucketOwner: bucket.account, IfNoneMatch: '*',
    // the bootstrap's bucket encrypts with its KMS key by default; the staging bucket, SSE-S3
    ...(bucket.from === 'bootstrap' ? {} : { ServerSideEncryption: 'AES256' as const }),
  })), { awsProfile: a.awsProfile });
  return `s3://${bucket.name}/${key}`;
}

/** Every record of the profile, oldest first. */
export async function listHistory(a: StateAccess): Promise<HistoryRecord[]> {
  const { bucket } = await whoAndWhere(a);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await callAws(`listing the deploy history in s3://${bucket.name}/${historyPrefix(a.profile)}`, () => a.s3.send(new ListObjectsV2Command({
      Bucket: bucket.name, Prefix: historyPrefix(a.profile), ExpectedBucketOwner: bucket.account, ...(token ? { ContinuationToken: token } : {}),
    })), { awsProfile: a.awsProfile });
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key?.endsWith('.json') ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const records: HistoryRecord[] = [];
  for (const key of keys.sort()) {
    const text = await callAws(`reading s3://${bucket.name}/${key}`, async () => (await a.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key, ExpectedBucketOwner: bucket.account }))).Body?.transformToString() ?? '{}', { awsProfile: a.awsProfile });
    records.push(JSON.parse(text) as HistoryRecord);
  }
  return records;
}
