// Where the rollback record lives: in the state bucket (profiles/<profile>/rollback.json), so
// another operator or CI can roll back what this machine upgraded; out/<profile>/rollback.json
// is a cache written through, read only when the account has no record (or no access is given,
// as for a deployment cagw cannot reach the bucket of).
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { callAws } from '../orchestrate/aws-call.ts';
import { readRollbackRecord, writeRollbackRecord, type RollbackRecord } from '../upgrade/rollback-record.ts';
import { stateBucketOf, type StateBucket } from './state-bucket.ts';

export interface StateAccess {
  s3: S3Client;
  sts: STSClient;
  region: string;
  awsProfile?: string | undefined;
  profile: string;
}

export const rollbackKey = (profile: string): string => `profiles/${profile}/rollback.json`;

async function bucketOf(a: StateAccess): Promise<StateBucket> {
  const who = await callAws('reading the AWS account (sts:GetCallerIdentity)', () => a.sts.send(new GetCallerIdentityCommand({})), { awsProfile: a.awsProfile });
  return stateBucketOf(a.s3, { account: who.Account ?? '', region: a.region, awsProfile: a.awsProfile });
}

/** Writes the record into the account (when it can) and the local cache; returns where it went. */
export async function saveRollbackRecord(localPath: string, record: RollbackRecord, access: StateAccess | undefined): Promise<string> {
  writeRollbackRecord(localPath, record);
  if (!access) return localPath;
  const bucket = await bucketOf(access);
  const Key = rollbackKey(access.profile);
  await callAws(`saving the rollback record to s3://${bucket.name}/${Key}`, () => access.s3.send(new PutObjectCommand({
    Bucket: bucket.name, Key, Body: `${JSON.stringify(record, null, 2)}\n`, ContentType: 'application/json', ExpectedBucketOwner: bucket.account, ServerSideEncryption: 'AES256',
  })), { awsProfile: access.awsProfile });
  return `s3://${bucket.name}/${Key}`;
}

/** The record the account holds, if any. */
export async function accountRollbackRecord(access: StateAccess): Promise<RollbackRecord | undefined> {
  const bucket = await bucketOf(access);
  const Key = rollbackKey(access.profile);
  const text = await callAws(`reading the rollback record s3://${bucket.name}/${Key}`, () => access.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key, ExpectedBucketOwner: bucket.account })).then(
    (got) => got.Body?.transformToString(),
    (e: unknown) => {
      if ((e as Error)?.name === 'NoSuchKey') return undefined;
      throw e;
    },
  ), { awsProfile: access.awsProfile });
  return text === undefined ? undefined : (JSON.parse(text) as RollbackRecord);
}

/** The account's record (cached locally), else the local one; NothingToRollBack when neither has one. */
export async function loadRollbackRecord(localPath: string, access: StateAccess | undefined): Promise<RollbackRecord> {
  const inAccount = access ? await accountRollbackRecord(access) : undefined;
  if (inAccount) writeRollbackRecord(localPath, inAccount);
  return readRollbackRecord(localPath);
}
