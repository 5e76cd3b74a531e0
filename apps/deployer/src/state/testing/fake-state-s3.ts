// S3 as the state bucket and the profile lock meet it: one fake account whose objects every
// S3Client a test hands it shares, so two operators (two working folders) see the same bucket.
// It refuses what S3 refuses:
// - PutObject with If-None-Match: * on a key that has an object: 412 PreconditionFailed; with
//   If-Match: an ETag other than the object's: 412, no object: 404 NoSuchKey
//   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html);
// - DeleteObject with If-Match: an ETag other than the object's: 412 PreconditionFailed, no
//   object: 404 NoSuchKey (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html);
// - a conditional write racing another write of the key: 409 ConditionalRequestConflict, "retry
//   the upload" (PutObject, IfNoneMatch, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html),
//   which a test provokes with raceNextConditionalWrite;
// - any call on a bucket that does not exist (404 NoSuchBucket), or whose ExpectedBucketOwner is
//   not the owner (403 AccessDenied, "Verifying bucket ownership with bucket owner condition");
// - CreateBucket of a name another account holds: 409 BucketAlreadyExists (bucket names are
//   global); of a name this account holds: 409 BucketAlreadyOwnedByYou, except for a bucket in
//   us-east-1, where S3 answers 200 "for legacy compatibility"
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html, Errors);
//   bucket-name-collision.contract.int.test.ts checks these against moto.
// ETags are the quoted MD5 of the body, as S3's are for a single-part upload without SSE-KMS.
// fake-state-s3.contract.int.test.ts runs the same calls against moto and this fake.
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand, DeleteObjectCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command,
  PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, PutPublicAccessBlockCommand,
  S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

export const FAKE_ACCOUNT = '123456789012';

const s3Error = (name: string, status: number, message: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });
const etagOf = (body: string) => `"${createHash('md5').update(body).digest('hex')}"`;
const bare = (etag: string) => etag.replace(/"/g, '');

interface FakeBucket { owner: string; region: string; kmsKeyId?: string | undefined; versioning?: string; lifecycle?: unknown[]; objects: Map<string, { body: string; etag: string }> }

export class FakeStateS3 {
  readonly buckets = new Map<string, FakeBucket>();
  private raced = new Set<string>();

  /** A bucket that exists before the test (the bootstrap stack's, say, encrypted with its KMS key). */
  addBucket(name: string, owner = FAKE_ACCOUNT, kmsKeyId?: string, region = 'us-east-1'): void {
    this.buckets.set(name, { owner, region, kmsKeyId, objects: new Map() });
  }

  /** The next conditional write of this key meets a concurrent one: 409 ConditionalRequestConflict. */
  raceNextConditionalWrite(key: string): void {
    this.raced.add(key);
  }

  body(bucket: string, key: string): string | undefined {
    return this.buckets.get(bucket)?.objects.get(key)?.body;
  }

  keys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.objects.keys() ?? [])].sort();
  }

  /** An S3 client of this fake account (or another): a new client per operator, one account behind them. */
  client(account = FAKE_ACCOUNT, region = 'us-east-1'): S3Client {
    const client = new S3Client({ region });
    const mock = mockClient(client);
    const owned = (input: { Bucket?: string; ExpectedBucketOwner?: string }) => {
      const b = this.buckets.get(input.Bucket ?? '');
      if (!b) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
      // another account's bucket grants this one nothing (no bucket policies are modelled)
      if ((input.ExpectedBucketOwner && input.ExpectedBucketOwner !== b.owner) || b.owner !== account) throw s3Error('AccessDenied', 403, 'Access Denied');
      return b;
    };
    mock.onAnyCommand().rejects(new Error('fake S3: a call the state fake does not model'));
    mock.on(HeadBucketCommand).callsFake(async (input) => {
      if (!this.buckets.has(input.Bucket ?? '')) throw s3Error('NotFound', 404, 'Not Found');
      // a HEAD response has no body: the SDK names the error by its status
      try {
        owned(input);
      } catch {
        throw s3Error('Forbidden', 403, 'Forbidden');
      }
      return {};
    });
    mock.on(CreateBucketCommand).callsFake(async (input) => {
      const held = this.buckets.get(input.Bucket ?? '');
      if (held && held.owner !== account) throw s3Error('BucketAlreadyExists', 409, 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.');
      if (held && held.region === 'us-east-1') return {};
      if (held) throw s3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.');
      this.addBucket(input.Bucket ?? '', account, undefined, input.CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1');
      return {};
    });
    for (const c of [PutPublicAccessBlockCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand]) mock.on(c as never).callsFake(async (input: { Bucket?: string }) => (owned(input), {}));
    mock.on(PutBucketVersioningCommand).callsFake(async (input) => {
      owned(input).versioning = input.VersioningConfiguration?.Status;
      return {};
    });
    // every bucket has default encryption, SSE-S3 unless set otherwise
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html)
    mock.on(GetBucketEncryptionCommand).callsFake(async (input) => {
      const kms = owned(input).kmsKeyId;
      return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: kms ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kms } : { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: Boolean(kms) }] } };
    });
    mock.on(GetBucketVersioningCommand).callsFake(async (input) => ({ Status: owned(input).versioning }));
    mock.on(PutBucketLifecycleConfigurationCommand).callsFake(async (input) => {
      owned(input).lifecycle = input.LifecycleConfiguration?.Rules ?? [];
      return {};
    });
    mock.on(GetBucketLifecycleConfigurationCommand).callsFake(async (input) => {
      const b = owned(input);
      if (!b.lifecycle) throw s3Error('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
      return { Rules: b.lifecycle };
    });
    mock.on(PutObjectCommand).callsFake(async (input) => {
      const b = owned(input);
      const key = input.Key ?? '';
      const existing = b.objects.get(key);
      if (input.IfNoneMatch !== undefined || input.IfMatch !== undefined) {
        if (this.raced.delete(key)) throw s3Error('ConditionalRequestConflict', 409, 'A conflicting conditional action is currently in progress against this resource.');
      }
      if (input.IfNoneMatch !== undefined) {
        if (input.IfNoneMatch !== '*') throw new Error(`fake S3: If-None-Match ${input.IfNoneMatch}: PutObject expects the '*' character only`);
        if (existing) throw s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
      }
      if (input.IfMatch !== undefined) {
        if (!existing) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
        if (bare(input.IfMatch) !== bare(existing.etag)) throw s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
      }
      const body = typeof input.Body === 'string' ? input.Body : Buffer.from(input.Body as Uint8Array).toString('utf8');
      const etag = etagOf(body);
      b.objects.set(key, { body, etag });
      return { ETag: etag };
    });
    mock.on(GetObjectCommand).callsFake(async (input) => {
      const o = owned(input).objects.get(input.Key ?? '');
      if (!o) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
      return { ETag: o.etag, Body: { transformToString: async () => o.body, transformToByteArray: async () => Buffer.from(o.body) } as never };
    });
    mock.on(DeleteObjectCommand).callsFake(async (input) => {
      const b = owned(input);
      const o = b.objects.get(input.Key ?? '');
      if (input.IfMatch !== undefined) {
        if (!o) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
        if (bare(input.IfMatch) !== bare(o.etag)) throw s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
      }
      b.objects.delete(input.Key ?? '');
      return {};
    });
    mock.on(ListObjectsV2Command).callsFake(async (input) => {
      const b = owned(input);
      const Contents = [...b.objects.entries()].filter(([k]) => k.startsWith(input.Prefix ?? '')).sort(([a], [z]) => a.localeCompare(z)).map(([Key, o]) => ({ Key, ETag: o.etag }));
      return { Contents, KeyCount: Contents.length, IsTruncated: false };
    });
    return client;
  }
}

/** An STS client answering GetCallerIdentity as the given role session (an operator). */
export function fakeCaller(arn: string, account = FAKE_ACCOUNT): STSClient {
  const sts = new STSClient({ region: 'us-east-1' });
  mockClient(sts).on(GetCallerIdentityCommand).resolves({ Account: account, Arn: arn, UserId: `AROAEXAMPLE:${arn.split('/').pop() ?? ''}` });
  return sts;
}
