// Issue 13.2: templates over the 51,200-byte inline limit go through the S3 staging bucket,
// which cagw makes (encrypted, versioned, public access blocked) the first time it needs it.
import {
  CreateBucketCommand, GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand, HeadBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, PutPublicAccessBlockCommand, S3Client, S3ServiceException, type PutBucketLifecycleConfigurationCommandInput,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { deployPlan, type DeployContext } from './deploy-plan.ts';
import { ensureStagingBucket, s3TemplateStore, stagingBucketName, stagingTargetOf } from './staging-bucket.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { fakeSteps, planForProfile } from './testing/profile-fixture.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { testDeployContext } from './testing/test-deploy-context.ts';

const ACCOUNT = '123456789012';
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const s3Error = (name: string, status: number, message = name) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });

/**
 * S3 as far as the staging bucket meets it. Refuses what S3 refuses: a LocationConstraint of
 * us-east-1 (CreateBucket: "InvalidLocationConstraint"), a bucket name taken
 * (BucketAlreadyOwnedByYou), writes to a bucket that does not exist (NoSuchBucket), and a
 * request whose ExpectedBucketOwner is not the owner (403 Access Denied, "Verifying bucket
 * ownership with bucket owner condition"), reading the lifecycle of a bucket that has none
 * (GetBucketLifecycleConfiguration: NoSuchLifecycleConfiguration, 404), and a lifecycle rule
 * S3 refuses (PutBucketLifecycleConfiguration, LifecycleRule: ID at most 255 characters, Status
 * Enabled or Disabled; NoncurrentVersionExpiration: NoncurrentDays a positive integer;
 * MalformedXML, 400). Objects are kept under the URL of the partition's S3 host
 * (https://docs.aws.amazon.com/general/latest/gr/s3.html: s3.cn-north-1.amazonaws.com.cn),
 * written out here, not computed by the code under test.
 */
class FakeS3 {
  readonly buckets = new Map<string, { region: string; owner: string; settings: Set<string>; versioning?: string; lifecycle?: LifecycleRule[] }>();
  readonly objects = new Map<string, string>();
  onPut: (url: string, body: string) => void = () => undefined;
  constructor(private readonly region: string, private readonly dnsSuffix = 'amazonaws.com') {}
  install(): void {
    const owned = (input: { Bucket?: string; ExpectedBucketOwner?: string }) => {
      const b = this.buckets.get(input.Bucket ?? '');
      if (!b) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
      if (input.ExpectedBucketOwner && input.ExpectedBucketOwner !== b.owner) throw s3Error('AccessDenied', 403, 'Access Denied');
      return b;
    };
    const setting = (command: unknown, name: string) => s3Mock.on(command as never).callsFake(async (input: { Bucket?: string }) => {
      owned(input).settings.add(name);
      return {};
    });
    s3Mock.on(HeadBucketCommand).callsFake(async (input) => {
      if (!this.buckets.has(input.Bucket ?? '')) throw s3Error('NotFound', 404);
      owned(input);
      return {};
    });
    s3Mock.on(CreateBucketCommand).callsFake(async (input) => {
      const location = input.CreateBucketConfiguration?.LocationConstraint;
      if (location === 'us-east-1') throw s3Error('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid');
      if ((location ?? 'us-east-1') !== this.region) throw s3Error('IllegalLocationConstraintException', 400);
      if (this.buckets.has(input.Bucket ?? '')) throw s3Error('BucketAlreadyOwnedByYou', 409);
      this.buckets.set(input.Bucket ?? '', { region: this.region, owner: ACCOUNT, settings: new Set() });
      return {};
    });
    setting(PutPublicAccessBlockCommand, 'public-access-block');
    setting(PutBucketEncryptionCommand, 'encryption');
    setting(PutBucketPolicyCommand, 'policy');
    s3Mock.on(PutBucketLifecycleConfigurationCommand).callsFake(async (input) => {
      const b = owned(input);
      const rules = input.LifecycleConfiguration?.Rules ?? [];
      for (const r of rules) {
        const days = r.NoncurrentVersionExpiration?.NoncurrentDays;
        const bad = (r.ID ?? '').length > 255 || !['Enabled', 'Disabled'].includes(r.Status ?? '') || (days !== undefined && !(Number.isInteger(days) && days > 0));
        if (bad) throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
      }
      b.settings.add('lifecycle');
      b.lifecycle = rules;
      return {};
    });
    s3Mock.on(GetBucketLifecycleConfigurationCommand).callsFake(async (input) => {
      const b = owned(input);
      if (!b.lifecycle) throw s3Error('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
      return { Rules: b.lifecycle };
    });
    s3Mock.on(PutBucketVersioningCommand).callsFake(async (input) => {
      owned(input).versioning = input.VersioningConfiguration?.Status;
      return {};
    });
    s3Mock.on(GetBucketVersioningCommand).callsFake(async (input) => ({ Status: owned(input).versioning }));
    s3Mock.on(PutObjectCommand).callsFake(async (input) => {
      const b = owned(input);
      const url = `https://${input.Bucket}.s3.${b.region}.${this.dnsSuffix}/${input.Key}`;
      this.objects.set(url, String(input.Body));
      this.onPut(url, String(input.Body));
      return { ETag: '"etag"' };
    });
  }
}

type LifecycleRule = NonNullable<NonNullable<PutBucketLifecycleConfigurationCommandInput['LifecycleConfiguration']>['Rules']>[number];

const names = (calls: { args: unknown[] }[]) => calls.map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''));

beforeEach(() => {
  s3Mock.reset();
  s3Mock.onAnyCommand().rejects(new Error('unexpected S3 call'));
});

describe('the staging bucket', () => {
  test('is made once, named from account and region, with encryption, versioning, TLS only and no public access', async () => {
    const fakeS3 = new FakeS3('eu-west-1');
    fakeS3.install();
    const target = { account: ACCOUNT, region: 'eu-west-1' };
    expect(await ensureStagingBucket(s3, target)).toBe('cagw-templates-123456789012-eu-west-1');
    const bucket = fakeS3.buckets.get(stagingBucketName(target));
    expect(bucket?.versioning).toBe('Enabled');
    expect([...(bucket?.settings ?? [])].sort()).toEqual(['encryption', 'lifecycle', 'policy', 'public-access-block']);
    const block = s3Mock.commandCalls(PutPublicAccessBlockCommand)[0]?.args[0].input.PublicAccessBlockConfiguration;
    expect(block).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const policy = JSON.parse(s3Mock.commandCalls(PutBucketPolicyCommand)[0]?.args[0].input.Policy ?? '{}');
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });

    s3Mock.resetHistory();
    expect(await ensureStagingBucket(s3, target)).toBe('cagw-templates-123456789012-eu-west-1');
    expect(names(s3Mock.calls())).toEqual(['HeadBucket', 'GetBucketVersioning', 'GetBucketLifecycleConfiguration']);
  });

  test('old template versions expire 30 days after they stop being current', async () => {
    const fakeS3 = new FakeS3('eu-west-1');
    fakeS3.install();
    await ensureStagingBucket(s3, { account: ACCOUNT, region: 'eu-west-1' });
    expect(fakeS3.buckets.get('cagw-templates-123456789012-eu-west-1')?.lifecycle).toEqual([
      expect.objectContaining({ Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
    ]);
  });

  test('a versioned bucket without the old-version expiry gets it on the next run', async () => {
    const fakeS3 = new FakeS3('eu-west-1');
    fakeS3.install();
    fakeS3.buckets.set('cagw-templates-123456789012-eu-west-1', { region: 'eu-west-1', owner: ACCOUNT, settings: new Set(), versioning: 'Enabled' });
    await ensureStagingBucket(s3, { account: ACCOUNT, region: 'eu-west-1' });
    expect(fakeS3.buckets.get('cagw-templates-123456789012-eu-west-1')?.lifecycle?.[0]?.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 30 });
    expect(s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(0);
  });

  // the partitions and their S3 hosts as AWS documents them (https://docs.aws.amazon.com/general/latest/gr/s3.html,
  // https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html), written out rather than derived
  test.each([
    ['cn-north-1', 'amazonaws.com.cn', 'arn:aws-cn:s3:::cagw-templates-123456789012-cn-north-1'],
    ['us-gov-west-1', 'amazonaws.com', 'arn:aws-us-gov:s3:::cagw-templates-123456789012-us-gov-west-1'],
    ['eu-central-1', 'amazonaws.com', 'arn:aws:s3:::cagw-templates-123456789012-eu-central-1'],
  ])('in %s the template URL is on the partition\'s S3 host and the policy names the partition\'s ARN', async (region, dnsSuffix, arn) => {
    const fakeS3 = new FakeS3(region, dnsSuffix);
    fakeS3.install();
    const store = s3TemplateStore(s3, async () => ({ account: ACCOUNT, region }));
    const url = await store.urlFor('claude-gateway-observability', 'Resources: {}\n');
    expect(url.startsWith(`https://cagw-templates-123456789012-${region}.s3.${region}.${dnsSuffix}/templates/claude-gateway-observability/`)).toBe(true);
    expect(fakeS3.objects.get(url)).toBe('Resources: {}\n');
    const policy = JSON.parse(s3Mock.commandCalls(PutBucketPolicyCommand)[0]?.args[0].input.Policy ?? '{}');
    expect(policy.Statement[0].Resource).toEqual([arn, `${arn}/*`]);
  });

  test('in us-east-1 the bucket is created without a location constraint', async () => {
    const fakeS3 = new FakeS3('us-east-1');
    fakeS3.install();
    await ensureStagingBucket(s3, { account: ACCOUNT, region: 'us-east-1' });
    expect(fakeS3.buckets.has('cagw-templates-123456789012-us-east-1')).toBe(true);
  });

  test('a setup cut short before versioning is finished on the next run', async () => {
    const fakeS3 = new FakeS3('us-east-1');
    fakeS3.install();
    fakeS3.buckets.set('cagw-templates-123456789012-us-east-1', { region: 'us-east-1', owner: ACCOUNT, settings: new Set() });
    await ensureStagingBucket(s3, { account: ACCOUNT, region: 'us-east-1' });
    expect(fakeS3.buckets.get('cagw-templates-123456789012-us-east-1')?.versioning).toBe('Enabled');
    expect(s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(0);
  });

  test('a bucket of that name owned by another account is refused with the fix', async () => {
    const fakeS3 = new FakeS3('us-east-1');
    fakeS3.install();
    fakeS3.buckets.set('cagw-templates-123456789012-us-east-1', { region: 'us-east-1', owner: '210987654321', settings: new Set() });
    await expect(ensureStagingBucket(s3, { account: ACCOUNT, region: 'us-east-1' })).rejects.toMatchObject({
      code: 'StagingBucketNotOwned', where: 's3://cagw-templates-123456789012-us-east-1',
    });
  });

  test('templates are stored by content hash; a template over 1 MB is refused before any call', async () => {
    const fakeS3 = new FakeS3('us-east-1');
    fakeS3.install();
    const store = s3TemplateStore(s3, async () => ({ account: ACCOUNT, region: 'us-east-1' }));
    const url = await store.urlFor('claude-gateway-observability', 'Resources: {}\n');
    expect(url).toMatch(/^https:\/\/cagw-templates-123456789012-us-east-1\.s3\.us-east-1\.amazonaws\.com\/templates\/claude-gateway-observability\/[0-9a-f]{64}\.yaml$/);
    expect(fakeS3.objects.get(url)).toBe('Resources: {}\n');
    s3Mock.resetHistory();
    await expect(store.urlFor('claude-gateway-observability', `# ${'x'.repeat(1_048_576)}\n`)).rejects.toMatchObject({ code: 'TemplateTooLarge' });
    expect(s3Mock.calls()).toHaveLength(0);
  });
});

describe('a deploy with 40 users in the spend thresholds', () => {
  const { mock: cfnMock, fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });
  const users = Array.from({ length: 40 }, (_, i) => `developer${String(i + 1).padStart(2, '0')}@example.com`);
  const env = { USER_DAILY_THRESHOLDS_USD: users.map((u) => `${u}=150`).join(','), DAILY_SPEND_CAPS_USD: `org=2000,${users.map((u) => `user:${u}=300`).join(',')}` };

  const context = (extra: Partial<DeployContext>) => testDeployContext(cfn, extra);

  test('the observability template goes through S3 (TemplateURL), the others inline, and every stack deploys', async () => {
    const fakeS3 = new FakeS3('us-east-1');
    fakeS3.install();
    fakeS3.onPut = (url, body) => fake.putTemplateObject(url, body);
    const { plan } = await planForProfile('managed-newcognito-collector-vpn.env', {}, env);
    const observability = plan.nodes.find((n) => n.id === 'observability');
    expect(observability?.kind === 'stack' && Buffer.byteLength(observability.templateBody)).toBeGreaterThan(51_200);

    const steps = fakeSteps();
    const templateStore = s3TemplateStore(s3, async () => ({ account: ACCOUNT, region: 'us-east-1' }));
    const outcome = await advanceUntilSettled(deployPlan(plan, context({ steps, templateStore })));
    expect(outcome.failure).toBeUndefined();
    expect(outcome.result).toBe('deployed');
    expect(fake.status('claude-gateway-observability')).toBe('CREATE_COMPLETE');
    const viaUrl = cfnMock.calls().map((c) => (c.args[0] as { input: { StackName?: string; TemplateURL?: string } }).input).filter((i) => i.TemplateURL).map((i) => i.StackName);
    expect([...new Set(viaUrl)]).toEqual(['claude-gateway-observability']);
    expect(s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(1);

    // the next run finds nothing to change and makes no bucket
    const again = await advanceUntilSettled(deployPlan(plan, context({ steps, templateStore: s3TemplateStore(s3, async () => ({ account: ACCOUNT, region: 'us-east-1' })) })));
    expect(again.result).toBe('no-changes');
    expect(s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(1);
  });

  test('without a staging bucket the deploy stops before any change set is made', async () => {
    const { plan } = await planForProfile('managed-newcognito-collector-vpn.env', {}, env);
    const outcome = await advanceUntilSettled(deployPlan(plan, context({})).catch((e: unknown) => e));
    expect(outcome).toMatchObject({ code: 'TemplateStoreMissing', where: 'claude-gateway-observability' });
    expect(fake.calls('CreateChangeSet')).toBe(0);
  });
});

describe('the account the bucket is named from', () => {
  test('comes from sts:GetCallerIdentity', async () => {
    const stsMock = mockClient(STSClient);
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ana`, UserId: 'AROAEXAMPLEID:ana' });
    expect(await stagingTargetOf(new STSClient({ region: 'eu-west-1' }), 'eu-west-1', 'team')()).toEqual({ account: ACCOUNT, region: 'eu-west-1', awsProfile: 'team' });
    stsMock.on(GetCallerIdentityCommand).resolves({});
    await expect(stagingTargetOf(new STSClient({ region: 'eu-west-1' }), 'eu-west-1')()).rejects.toMatchObject({ code: 'AwsCallFailed' });
    stsMock.restore();
  });
});
