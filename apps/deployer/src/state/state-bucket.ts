// The one place that says which bucket holds a profile's state (its lock, and what later moves
// out of ./out/): the state bucket cagw bootstrap made in the account and region when there is
// one, else the template staging bucket cagw makes itself (encrypted, versioned, public access
// blocked, plain HTTP denied). A later change points this elsewhere without touching callers.
import { GetBucketEncryptionCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { stateBucketName } from '../bootstrap/bootstrap-names.ts';
import { callAws } from '../orchestrate/aws-call.ts';
import { ensureStagingBucket, type StagingTarget } from '../orchestrate/staging-bucket.ts';

export interface StateBucket {
  name: string;
  account: string;
  from: 'bootstrap' | 'staging';
}

export async function stateBucketOf(s3: S3Client, t: StagingTarget): Promise<StateBucket> {
  const bootstrapped = stateBucketName(t.account, t.region);
  const present = await callAws(`looking for the bootstrap state bucket ${bootstrapped}`, () => s3.send(new HeadBucketCommand({ Bucket: bootstrapped, ExpectedBucketOwner: t.account })).then(
    () => true,
    // absent (404), or not this account's / not readable (403): not the bootstrap's bucket for this identity
    (e: unknown) => {
      const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      if (status === 404 || status === 403) return false;
      throw e;
    },
  ), { awsProfile: t.awsProfile });
  if (present) return { name: bootstrapped, account: t.account, from: 'bootstrap' };
  return { name: await ensureStagingBucket(s3, t), account: t.account, from: 'staging' };
}

/**
 * The KMS key the bootstrap's state bucket encrypts with (its default encryption), which other
 * state cagw keeps in the account (the VPN CA's passphrase) is encrypted with too; undefined for
 * the staging bucket (SSE-S3), whose state takes the account's default keys.
 */
export async function stateKeyOf(s3: S3Client, bucket: StateBucket, awsProfile?: string): Promise<string | undefined> {
  if (bucket.from !== 'bootstrap') return undefined;
  const got = await callAws(`reading the encryption of the state bucket ${bucket.name}`, () => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket.name, ExpectedBucketOwner: bucket.account })), { awsProfile });
  return got.ServerSideEncryptionConfiguration?.Rules?.map((r) => r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID).find(Boolean);
}
