// cagw's own Cognito stack (cloudformation/templates/idp-cognito-new.yaml) on the fake: the two
// profile edits that CloudFormation refuses halfway (issue 21), refused here the same way, and
// an edit it takes in place.
import { readFileSync } from 'node:fs';
import { CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStackEventsCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { TEMPLATES_DIR } from '@cagw/cloudformation';
import { expect, test, vi } from 'vitest';
import { useStrictFakeCloudFormation } from './strict-fake-cloudformation.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ pageSize: 100 });
const TEMPLATE = readFileSync(`${TEMPLATES_DIR}idp-cognito-new.yaml`, 'utf8');
const STACK = 'claude-gateway-idp';
const PROFILE = { GatewayHostname: 'claude-gateway.example.com', HostedUiDomainPrefix: 'claude-gateway-example', AdminEmail: 'admin@example.com' };

let serial = 0;
async function deploy(type: 'CREATE' | 'UPDATE', values: Record<string, string>) {
  serial += 1;
  const { Id } = await cfn.send(new CreateChangeSetCommand({
    StackName: STACK, ChangeSetName: `cagw-${serial}`, ChangeSetType: type, TemplateBody: TEMPLATE, Capabilities: ['CAPABILITY_NAMED_IAM'],
    Parameters: Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
  }));
  await vi.advanceTimersByTimeAsync(2_000);
  const { Changes } = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  await vi.advanceTimersByTimeAsync(120_000);
  const failed = (await cfn.send(new DescribeStackEventsCommand({ StackName: STACK }))).StackEvents?.find((e) => e.ResourceStatus === 'UPDATE_FAILED');
  return {
    status: fake.status(STACK),
    changes: (Changes ?? []).map((c) => `${c.ResourceChange?.LogicalResourceId} ${c.ResourceChange?.Replacement}`),
    failed: failed && `${failed.LogicalResourceId}: ${failed.ResourceStatusReason}`,
  };
}

test('a new COGNITO_ADMIN_EMAIL replaces the user named admin: the update fails and rolls back', async () => {
  expect((await deploy('CREATE', PROFILE)).status).toBe('CREATE_COMPLETE');
  const result = await deploy('UPDATE', { ...PROFILE, AdminEmail: 'platform@example.com' });
  expect(result.changes).toEqual(['FirstUser True', 'FirstUserFullAccess Conditional', 'FirstUserAdmin Conditional']);
  expect(result).toMatchObject({
    status: 'UPDATE_ROLLBACK_COMPLETE',
    failed: 'FirstUser: CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename admin and update the stack again.',
  });
});

test('a new COGNITO_DOMAIN_PREFIX replaces the domain, whose new one the pool refuses: the update rolls back', async () => {
  await deploy('CREATE', PROFILE);
  const result = await deploy('UPDATE', { ...PROFILE, HostedUiDomainPrefix: 'claude-gateway-example-2' });
  expect(result.changes).toEqual(['UserPoolDomain True']);
  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(result.failed).toMatch(/^UserPoolDomain: User pool already has a domain configured\./);
  expect(fake.resourcesOf(STACK).UserPoolDomain).toBe('claude-gateway-example');
});

test('a new gateway host name is an in-place update of the app client', async () => {
  await deploy('CREATE', PROFILE);
  const result = await deploy('UPDATE', { ...PROFILE, GatewayHostname: 'claude.example.com' });
  expect(result).toMatchObject({ status: 'UPDATE_COMPLETE', changes: ['GatewayClient False'] });
});
