// The S3 bucket cagw stages templates in when they are too big to send inline, like the CDK's
// bootstrap staging bucket: one per account and region, named from both, created by cagw the
// first time it is needed, encrypted, versioned, with every kind of public access blocked and
// plain-HTTP access denied. Objects are named by their content's hash, so a re-run uploads the
// same key and nothing piles up but old versions, which a lifecycle rule expires 30 days after
// they stop being current (NoncurrentVersionExpiration: "Amazon S3 permanently deletes the
// noncurrent object versions", https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionExpiration.html).
// ARNs and hosts follow the region's partition (aws-cn hosts end in amazonaws.com.cn).
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand, GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand, HeadBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, PutPublicAccessBlockCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { CagwError } from '@cagw/errors';
import { callAws } from './aws-call.ts';
import { partitionOf } from './aws-partition.ts';
import { stateBucketOf } from '../state/state-bucket.ts';
import { assertDeliverable, type TemplateStore } from './template-delivery.ts';

export interface StagingTarget {
  account: string;
  region: string;
  awsProfile?: string | undefined;
}

/** cagw-templates-<account>-<region>: at most 63 characters, lowercase, as bucket names must be. */
export const stagingBucketName = (t: Pick<StagingTarget, 'account' | 'region'>): string => `cagw-templates-${t.account}-${t.region}`;

/** The virtual-hosted-style URL CloudFormation reads the template from, on the region's partition's S3 host. */
export const templateObjectUrl = (bucket: string, region: string, key: string): string => `https://${bucket}.s3.${region}.${partitionOf(region).dnsSuffix}/${key}`;

/** The bucket's ARN in the region's partition (arn:aws-cn:s3:::name in China). */
export const stagingBucketArn = (bucket: string, region: string): string => `arn:${partitionOf(region).name}:s3:::${bucket}`;

/** The lifecycle rule that expires old template versions; a bucket without it gets it on the next run. */
export const OLD_VERSIONS_RULE = {
  ID: 'cagw-old-template-versions', Status: 'Enabled' as const, Filter: { Prefix: '' },
  NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
};

const status = (e: unknown): number | undefined => (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/** Makes sure the bucket exists in this account with its protections; returns its name. */
export async function ensureStagingBucket(s3: S3Client, t: StagingTarget): Promise<string> {
  const Bucket = stagingBucketName(t);
  const opts = { awsProfile: t.awsProfile };
  const exists = await callAws(`looking for the staging bucket ${Bucket}`, () => s3.send(new HeadBucketCommand({ Bucket, ExpectedBucketOwner: t.account })).then(() => true, (e: unknown) => {
    if (status(e) === 404 || (e as Error)?.name === 'NotFound' || (e as Error)?.name === 'NoSuchBucket') return false;
    // 403 with ExpectedBucketOwner: the name is taken by another account (bucket names are global)
    if (status(e) === 403) {
      throw new CagwError('StagingBucketNotOwned', `the S3 bucket ${Bucket} exists but is not this account's (${t.account}), or this identity may not read it`, {
        source: 'aws', where: `s3://${Bucket}`,
        fix: `let the deploying identity call s3:ListBucket on ${Bucket}; if another account owns that name, delete it there or deploy from the account it is named after`,
      });
    }
    throw e;
  }), opts);
  if (exists) {
    // a bucket whose first setup was cut short, or that lost its old-version expiry, gets its protections now
    const versioning = await callAws(`reading the versioning of ${Bucket}`, () => s3.send(new GetBucketVersioningCommand({ Bucket, ExpectedBucketOwner: t.account })), opts);
    if (versioning.Status === 'Enabled' && (await expiresOldVersions(s3, Bucket, t))) return Bucket;
  } else {
    await callAws(`creating the staging bucket ${Bucket}`, () => s3.send(new CreateBucketCommand({
      Bucket, ObjectOwnership: 'BucketOwnerEnforced',
      // us-east-1 is the default location and refuses to be named (CreateBucket, LocationConstraint)
      ...(t.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: t.region as never } }),
    })).catch((e: unknown) => {
      // created by a concurrent run of cagw in this account: carry on with it
      if ((e as Error)?.name === 'BucketAlreadyOwnedByYou') return undefined;
      throw e;
    }), { ...opts, throttleRetries: 0 });
  }
  const owner = { Bucket, ExpectedBucketOwner: t.account };
  await callAws(`blocking public access to ${Bucket}`, () => s3.send(new PutPublicAccessBlockCommand({
    ...owner, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  })), opts);
  await callAws(`encrypting ${Bucket}`, () => s3.send(new PutBucketEncryptionCommand({
    ...owner, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
  })), opts);
  await callAws(`denying plain-HTTP access to ${Bucket}`, () => s3.send(new PutBucketPolicyCommand({ ...owner, Policy: JSON.stringify(tlsOnlyPolicy(stagingBucketArn(Bucket, t.region))) })), opts);
  await callAws(`expiring old template versions in ${Bucket}`, () => s3.send(new PutBucketLifecycleConfigurationCommand({
    ...owner, LifecycleConfiguration: { Rules: [OLD_VERSIONS_RULE] },
  })), opts);
  // versioning last: its being on is how a later run knows the setup finished
  await callAws(`versioning ${Bucket}`, () => s3.send(new PutBucketVersioningCommand({ ...owner, VersioningConfiguration: { Status: 'Enabled' } })), opts);
  return Bucket;
}

/** Whether the bucket has the rule that expires old versions (S3 answers NoSuchLifecycleConfiguration when it has no rule at all). */
async function expiresOldVersions(s3: S3Client, Bucket: string, t: StagingTarget): Promise<boolean> {
  const lifecycle = await callAws(`reading the lifecycle rules of ${Bucket}`, () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket, ExpectedBucketOwner: t.account })).catch((e: unknown) => {
    if ((e as Error)?.name === 'NoSuchLifecycleConfiguration') return { Rules: [] };
    throw e;
  }), { awsProfile: t.awsProfile });
  return (lifecycle.Rules ?? []).some((r) => r.ID === OLD_VERSIONS_RULE.ID && r.Status === 'Enabled' && r.NoncurrentVersionExpiration?.NoncurrentDays === OLD_VERSIONS_RULE.NoncurrentVersionExpiration.NoncurrentDays);
}

function tlsOnlyPolicy(bucketArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }],
  };
}

/**
 * Whether this account's staging bucket exists in the region, for destroy to say it keeps it:
 * every cagw deployment in the account and region shares it, so one destroy never deletes it.
 * 'unknown' when the identity may not look (HeadBucket needs s3:ListBucket).
 */
export async function stagingBucketState(s3: S3Client, t: StagingTarget): Promise<'present' | 'absent' | 'unknown'> {
  const Bucket = stagingBucketName(t);
  return callAws(`looking for the staging bucket ${Bucket}`, () => s3.send(new HeadBucketCommand({ Bucket, ExpectedBucketOwner: t.account })).then(() => 'present' as const, (e: unknown) => {
    if (status(e) === 404 || (e as Error)?.name === 'NotFound' || (e as Error)?.name === 'NoSuchBucket') return 'absent' as const;
    if (status(e) === 403) return 'unknown' as const;
    throw e;
  }), { awsProfile: t.awsProfile });
}

/**
 * Uploads templates and returns their URLs: to the state bucket cagw bootstrap made in this
 * account and region when there is one (encrypted by its own KMS key by default), else to the
 * staging bucket (made on first use).
 */
export function s3TemplateStore(s3: S3Client, target: () => Promise<StagingTarget>): TemplateStore {
  let bucket: Promise<{ name: string; t: StagingTarget; bootstrapped: boolean }> | undefined;
  return {
    async urlFor(stackName, templateBody) {
      assertDeliverable(stackName, templateBody);
      bucket ??= target().then(async (t) => {
        const found = await stateBucketOf(s3, t);
        return { name: found.name, t, bootstrapped: found.from === 'bootstrap' };
      });
      const { name, t, bootstrapped } = await bucket;
      const key = `templates/${stackName}/${createHash('sha256').update(templateBody).digest('hex')}.yaml`;
      await callAws(`uploading the template of ${stackName} to s3://${name}`, () => s3.send(new PutObjectCommand({
        Bucket: name, Key: key, Body: templateBody, ContentType: 'application/x-yaml', ExpectedBucketOwner: t.account,
        ...(bootstrapped ? {} : { ServerSideEncryption: 'AES256' as const }),
      })), { awsProfile: t.awsProfile });
      return templateObjectUrl(name, t.region, key);
    },
  };
}

/** The account the credentials act in (STS GetCallerIdentity), for the bucket's name and owner checks. */
export function stagingTargetOf(sts: STSClient, region: string, awsProfile?: string): () => Promise<StagingTarget> {
  return async () => {
    const who = await callAws('reading the AWS account (sts:GetCallerIdentity)', () => sts.send(new GetCallerIdentityCommand({})), { awsProfile });
    if (!who.Account) {
      throw new CagwError('AwsCallFailed', 'sts:GetCallerIdentity named no account, so the template staging bucket cannot be named', {
        source: 'aws', where: awsProfile ? `AWS_PROFILE=${awsProfile}` : 'the default AWS credential chain', fix: 'check the credentials with aws sts get-caller-identity, then run cagw deploy again',
      });
    }
    return { account: who.Account, region, awsProfile };
  };
}
