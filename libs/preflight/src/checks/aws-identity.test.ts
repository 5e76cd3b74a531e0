import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { awsIdentity, partitionOfRegion } from './aws-identity.ts';
import { awsRegion } from './aws-region.ts';

const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  sts.reset();
  sts.onAnyCommand().rejects(new Error('unexpected STS call'));
  ec2.reset();
  ec2.onAnyCommand().rejects(new Error('unexpected EC2 call'));
});

describe('aws.identity', () => {
  test('working credentials in the region\'s partition pass with the account and ARN', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/alice' });
    const r = await runOne(awsIdentity, settingsFrom({}));
    expect(r).toMatchObject({ status: 'pass', message: 'account 123456789012 as arn:aws:sts::123456789012:assumed-role/Deployer/alice' });
  });

  test('GovCloud credentials with a commercial region fail', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws-us-gov:iam::123456789012:user/bob' });
    const r = await runOne(awsIdentity, settingsFrom({ AWS_REGION: 'us-east-1' }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('partition aws-us-gov') });
  });

  test('expired credentials fail with the login command as the fix', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired'));
    const r = await runOne(awsIdentity, settingsFrom({}));
    expect(r).toMatchObject({ status: 'fail', message: 'sts:GetCallerIdentity failed: ExpiredToken: The security token included in the request is expired' });
    expect(r.fix).toContain('aws sso login');
  });

  test('partitions follow the region prefix', () => {
    expect(['us-east-1', 'cn-north-1', 'us-gov-west-1'].map(partitionOfRegion)).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });
});

describe('aws.region', () => {
  test('enabled regions pass', async () => {
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
    expect((await runOne(awsRegion, settingsFrom({ BEDROCK_REGION: 'eu-west-1' }))).status).toBe('pass');
  });

  test('a Bedrock region that is not enabled fails, naming BEDROCK_REGION', async () => {
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'ap-southeast-4', OptInStatus: 'not-opted-in' }] });
    const r = await runOne(awsRegion, settingsFrom({ BEDROCK_REGION: 'ap-southeast-4' }));
    expect(r).toMatchObject({ status: 'fail', message: 'BEDROCK_REGION ap-southeast-4 is an opt-in region not enabled for this account' });
  });

  test('access denied fails with the permission to grant', async () => {
    ec2.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation'));
    const r = await runOne(awsRegion, settingsFrom({}));
    expect(r.status).toBe('fail');
    expect(r.fix).toContain('allow ec2:DescribeRegions');
  });
});
