// Before cagw bootstrap creates anything: the state bucket's name is fixed (deploy finds the bucket
// by it) and bucket names are global, so a bucket of that name outside the bootstrap stack would
// make CloudFormation's create of the stack fail half-way, S3 answering CreateBucket with
// BucketAlreadyExists (another account holds it) or BucketAlreadyOwnedByYou (this one does)
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html, Errors).
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';
import { BOOTSTRAP_STACK_NAME, stateBucketName } from './bootstrap-names.ts';
import { readBootstrapStack } from './bootstrap-request.ts';

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/** Refuses, before any change, a state bucket name that a bucket outside the account's bootstrap stack holds. */
export async function refuseTakenStateBucket(clients: { cfn: CloudFormationClient; s3: S3Client; sts: STSClient }, region: string, awsProfile?: string): Promise<void> {
  const existing = await readBootstrapStack(clients.cfn, awsProfile);
  // the bucket of a bootstrap stack that exists is that stack's own
  if (existing && existing.status !== 'REVIEW_IN_PROGRESS') return;
  const identity = await callAws('asking AWS which account this is', () => clients.sts.send(new GetCallerIdentityCommand({})), { awsProfile });
  const account = identity.Account ?? '';
  const Bucket = stateBucketName(account, region);
  const found = await callAws(`looking for a bucket named ${Bucket}`, () => clients.s3.send(new HeadBucketCommand({ Bucket, ExpectedBucketOwner: account })).then(
    () => 'ours' as const,
    (e: unknown) => {
      if (statusOf(e) === 404) return 'free' as const;
      // with ExpectedBucketOwner, 403 is another account's bucket (or one this identity may not read)
      if (statusOf(e) === 403) return 'elsewhere' as const;
      throw e;
    },
  ), { awsProfile });
  if (found === 'ours') {
    throw new CagwError('BootstrapStateBucketTaken', `the S3 bucket ${Bucket} already exists in this account outside a ${BOOTSTRAP_STACK_NAME} stack, so creating the stack's state bucket would fail (BucketAlreadyOwnedByYou)`, {
      source: 'aws', where: `s3://${Bucket}`,
      fix: `keep what you need from it, then empty it of every object version and delete it (S3 console: Empty, then Delete), and run cagw bootstrap again`,
    });
  }
  if (found === 'elsewhere') {
    throw new CagwError('BootstrapStateBucketTaken', `the S3 bucket name ${Bucket} is held by another account (or this identity may not read the bucket), so creating the stack's state bucket would fail (BucketAlreadyExists)`, {
      source: 'aws', where: `s3://${Bucket}`,
      fix: `if the bucket is this account's, let this identity call s3:ListBucket on it; otherwise ask the account that holds the name to delete the bucket (bucket names are global and cagw names the state bucket after your account); meanwhile cagw deploy works without bootstrap`,
    });
  }
}
