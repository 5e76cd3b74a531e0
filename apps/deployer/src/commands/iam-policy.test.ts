// cagw iam-policy through the real command line: offline, one JSON document with --json, the
// bootstrapped policy without the resource services the execution role takes over.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

interface Policy { Statement: { Sid: string; Action: string[]; Resource: string[] }[] }
interface Output { bootstrapped: boolean; deployer: Policy; executionRole?: Policy; statements: { policy: string; sid: string; source: string[] }[] }

async function iamPolicy(...flags: string[]): Promise<Output> {
  const io = createRecordingIo();
  expect(await main(['iam-policy', '--profile', join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), '--json', ...flags], io)).toBe(0);
  expect(io.stdout).toHaveLength(1);
  return JSON.parse(io.stdout[0] as string) as Output;
}
const actions = (p: Policy) => p.Statement.flatMap((s) => s.Action);

test('without bootstrap the caller also needs the services of the templates; with it, only PassRole of the execution role', async () => {
  const plain = await iamPolicy();
  expect(plain.executionRole).toBeUndefined();
  expect(actions(plain.deployer)).toEqual(expect.arrayContaining(['cloudformation:CreateChangeSet', 'ec2:*', 'iam:*', 'ecr:PutImage']));
  expect(actions(plain.deployer)).not.toContain('iam:PassRole');
  // each statement says where its actions come from
  expect(plain.statements.find((s) => s.sid === 'ResourcesEc2')?.source).toEqual(expect.arrayContaining([expect.stringMatching(/^AWS::EC2::VPC \(.*network/)]));

  const boot = await iamPolicy('--bootstrapped', '--account', '123456789012');
  expect(actions(boot.deployer)).not.toContain('ec2:*');
  expect(boot.deployer.Statement.find((s) => s.Sid === 'PassExecutionRole')?.Resource).toEqual(['arn:aws:iam::123456789012:role/cagw-cfn-exec-us-east-1']);
  expect(actions(boot.executionRole as Policy)).toEqual(expect.arrayContaining(['ec2:*', 'iam:*']));
  // an IAM managed policy holds at most 6,144 characters without whitespace (IAM quotas)
  expect(JSON.stringify(boot.deployer).length).toBeLessThanOrEqual(6144);
  expect(JSON.stringify(plain.deployer).length).toBeLessThanOrEqual(6144);
});

test('a malformed --account is refused naming the fix', async () => {
  const io = createRecordingIo();
  expect(await main(['iam-policy', '--profile', join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), '--account', '12345'], io)).toBe(2);
  expect(io.stderr.join('\n')).toMatch(/--account "12345" is not an AWS account id \(12 digits/);
});
