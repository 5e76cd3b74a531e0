// cagw bootstrap's inputs: the GitHub subject, the refusals made before any AWS call, the
// execution role's actions from the templates, and the version check against the account's
// bootstrap stack, made on the strict fake from the real bootstrap.yaml.
import { readFileSync } from 'node:fs';
import { CreateChangeSetCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { listTemplateFiles, TEMPLATES_DIR } from '@cagw/cloudformation';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { describe, expect, test } from 'vitest';
import { createChangeSet } from '../orchestrate/change-set.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { TEST_WAITS } from '../orchestrate/testing/test-deploy-context.ts';
import { waitForStack } from '../orchestrate/wait-for-stack.ts';
import { BOOTSTRAP_STACK_NAME } from './bootstrap-names.ts';
import { bootstrapParameters, readBootstrapStack, refuseOtherVersion } from './bootstrap-request.ts';
import { githubSubject } from './trust-github.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });
const codeOf = (f: () => unknown) => {
  try {
    f();
    return undefined;
  } catch (e) {
    return CagwError.is(e) ? `${e.code}: ${e.message}` : String(e);
  }
};
const shippedTemplates = async () => (await listTemplateFiles()).map((path) => ({ name: path.slice(TEMPLATES_DIR.length).replace(/\.yaml$/, ''), body: readFileSync(path, 'utf8') }));

describe('--trust-github', () => {
  test('ORG/REPO:ENVIRONMENT trusts that environment, ORG/REPO the main branch', () => {
    expect(githubSubject('acme/claude-gateway:production')).toBe('repo:acme/claude-gateway:environment:production');
    expect(githubSubject('acme-corp/gw.infra')).toBe('repo:acme-corp/gw.infra:ref:refs/heads/main');
  });
  test.each([
    ['acme', /is not ORG\/REPO/], ['acme/gw/extra', /is not ORG\/REPO/], ['acme/gw:prod:x', /is not ORG\/REPO/],
    ['-acme/gw', /not a GitHub owner name/], ['ac--me/gw', /not a GitHub owner name/], ['acme/..', /not a GitHub repository name/],
    ['acme/g w', /not a GitHub repository name/], ['acme/gw:', /not an environment name/], ['acme/gw:pro*d', /not an environment name/],
  ])('%s is refused, naming what is wrong', (value, why) => {
    const refusal = codeOf(() => githubSubject(value));
    expect(refusal).toContain(`TrustGithubInvalid: --trust-github "${value}": `);
    expect(refusal).toMatch(why);
  });
});

test('a region cagw does not support and a malformed --trust-github are refused before any AWS call', async () => {
  const templates = await shippedTemplates();
  expect(codeOf(() => bootstrapParameters({ region: 'ap-east-2', templates, ecrRepository: 'claude-apps-gateway' }))).toMatch(/^BootstrapRegionUnsupported: cagw does not support the region ap-east-2/);
  expect(codeOf(() => bootstrapParameters({ region: 'us-east-1', templates, ecrRepository: 'claude-apps-gateway', trustGithub: 'acme' }))).toMatch(/^TrustGithubInvalid/);
  expect(fake.calls('DescribeStacks') + fake.calls('CreateChangeSet')).toBe(0);
});

test('the execution role gets the services of the templates\' resource types, and the stack deploys on the strict fake; another version is refused', async () => {
  const templates = await shippedTemplates();
  const parameters = bootstrapParameters({ region: 'us-east-1', templates, ecrRepository: 'claude-apps-gateway', trustGithub: 'acme/gw:production' });
  expect(parameters.ExecutionRoleActions?.split(',')).toEqual(expect.arrayContaining(['ec2:*', 'rds:*', 'iam:*', 'elasticloadbalancing:*', 'cognito-idp:*']));
  expect(parameters.TrustGithubSubject).toBe('repo:acme/gw:environment:production');
  expect(await readBootstrapStack(cfn)).toBeUndefined();

  const templateBody = readFileSync(`${TEMPLATES_DIR}bootstrap.yaml`, 'utf8');
  const created = await advanceUntilSettled(createChangeSet(cfn, { stackName: BOOTSTRAP_STACK_NAME, changeSetName: 'cagw-bootstrap-1', type: 'CREATE', templateBody, parameters, tags: {} }, TEST_WAITS.timing));
  const since = new Date();
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.id, StackName: BOOTSTRAP_STACK_NAME }));
  await advanceUntilSettled(waitForStack(cfn, BOOTSTRAP_STACK_NAME, 'create', since, { ...TEST_WAITS, host: { progress: () => {} } } as never));
  const stack = await readBootstrapStack(cfn);
  expect(stack?.version).toBe('1');
  expect(Object.keys(stack?.outputs ?? {})).toEqual(expect.arrayContaining(['StateBucketName', 'ExecutionRoleArn', 'DeployRoleArn']));
  expect(() => refuseOtherVersion(stack, 'us-east-1')).not.toThrow();
  expect(codeOf(() => refuseOtherVersion({ ...(stack as NonNullable<typeof stack>), version: '2' }, 'us-east-1'))).toMatch(/^BootstrapVersionMismatch: the account already holds bootstrap version 2 in us-east-1; this cagw makes version 1/);

  // the strict fake takes the role the bootstrap made as RoleARN, and refuses one that does not exist, as CloudFormation does
  const role = stack?.outputs.ExecutionRoleArn as string;
  expect(role).toBe('arn:aws:iam::123456789012:role/cagw-cfn-exec-us-east-1');
  const request = (RoleARN: string) => cfn.send(new CreateChangeSetCommand({ StackName: 'app-network', ChangeSetName: 'one', ChangeSetType: 'CREATE', TemplateBody: 'Resources:\n  Topic: {Type: AWS::SNS::Topic}\n', RoleARN }));
  await expect(request(role)).resolves.toMatchObject({ Id: expect.any(String) });
  await expect(request('arn:aws:iam::123456789012:role/nobody')).rejects.toMatchObject({ name: 'ValidationError', message: 'Role arn:aws:iam::123456789012:role/nobody is invalid or cannot be assumed' });
});
