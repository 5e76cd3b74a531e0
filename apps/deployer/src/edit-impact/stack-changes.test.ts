// stackChanges on cagw's real templates, compared the way `cagw deploy` compares a live stack
// (its template and parameters) with the next one: what is added, modified in place, replaced
// or removed, and why; custom names and guarded resources; values not known offline.
import { readFileSync } from 'node:fs';
import { TEMPLATES_DIR } from '@cagw/cloudformation';
import { expect, test } from 'vitest';
import { stackChanges, type StackVersion } from './index.ts';

const template = (file: string) => readFileSync(`${TEMPLATES_DIR}${file}`, 'utf8');
const CONTEXT = { stackName: 'claude-gateway-vpn', region: 'us-east-1' };
const VPN = template('client-vpn.yaml');
const vpnStack = (parameters: Record<string, string> = {}, unknownParameters?: Record<string, string>): StackVersion => ({
  template: VPN,
  parameters: {
    VpcId: 'vpc-0a1b2c3d4e5f67890', VpcCidr: '10.20.0.0/16', PrivateSubnetIds: 'subnet-0a1b2c3d4e5f67891,subnet-0a1b2c3d4e5f67892', VpcDnsResolverIp: '10.20.0.2',
    ClientCidrBlock: '10.30.0.0/22',
    ServerCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    ClientRootCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000',
    ...parameters,
  },
  ...(unknownParameters ? { unknownParameters } : {}),
});
const brief = (changes: ReturnType<typeof stackChanges>['changes']) => changes.map((c) => `${c.action} ${c.logicalId} ${c.causes.join(',')}${c.unknown.length > 0 ? ' (unknown)' : ''}`);

test('the same template and parameters: no change, no output that may change', () => {
  expect(stackChanges(vpnStack(), vpnStack(), CONTEXT)).toEqual({ changes: [], outputsThatMayChange: [] });
});

test('a new client address pool replaces the guarded VPN endpoint (ClientCidrBlock), and what refers to it may be replaced with it', () => {
  const { changes, outputsThatMayChange } = stackChanges(vpnStack(), vpnStack({ ClientCidrBlock: '10.40.0.0/22' }), CONTEXT);
  expect(brief(changes)).toEqual([
    'replace Endpoint ClientCidrBlock',
    'replace Association1 ClientVpnEndpointId (unknown)',
    'replace Association2 ClientVpnEndpointId (unknown)',
    'replace VpcAuthorization ClientVpnEndpointId (unknown)',
  ]);
  expect(changes[0]).toMatchObject({ type: 'AWS::EC2::ClientVpnEndpoint', customName: false, guarded: true, guardedBecause: 'the Client VPN endpoint', parameters: ['ClientCidrBlock'], replacement: 'True', unknown: [] });
  expect(changes[1]?.unknown).toEqual(['CloudFormation decides whether it is replaced when the update runs (Replacement Conditional)']);
  expect(outputsThatMayChange).toEqual(['ClientVpnEndpointId', 'ClientCidrBlock']);
});

test('a longer session is an in-place update that names its property', () => {
  const { changes } = stackChanges(vpnStack(), vpnStack({ SessionTimeoutHours: '24' }), CONTEXT);
  expect(changes).toEqual([expect.objectContaining({ logicalId: 'Endpoint', action: 'modify', causes: ['SessionTimeoutHours'], guarded: true, replacement: 'False', parameters: ['SessionTimeoutHours'] })]);
});

test('a value from another stack\'s output that may change is reported as not known offline, never as no change', () => {
  const before = vpnStack({ VpcId: '<network.VpcId>' });
  const after = vpnStack({ VpcId: '<network.VpcId>' }, { VpcId: 'claude-gateway-network.VpcId' });
  const { changes } = stackChanges(before, after, CONTEXT);
  const group = changes.find((c) => c.logicalId === 'VpnSecurityGroup');
  expect(group).toMatchObject({ action: 'replace', causes: ['VpcId'], unknown: ['depends on claude-gateway-network.VpcId, which is known only during the deploy'] });
  expect(changes.find((c) => c.logicalId === 'Endpoint')).toMatchObject({ action: 'modify', causes: expect.arrayContaining(['VpcId']), unknown: expect.arrayContaining([expect.stringContaining('claude-gateway-network.VpcId')]) });
  // the same token on both sides, not marked unknown: the output is unchanged
  expect(stackChanges(before, before, CONTEXT).changes).toEqual([]);
});

test('a stack switched on adds every resource, switched off removes them, each with its custom name and guard', () => {
  const added = stackChanges(undefined, vpnStack(), CONTEXT);
  expect(added.changes.every((c) => c.action === 'add')).toBe(true);
  expect(added.changes.find((c) => c.logicalId === 'ConnectionLogGroup')).toMatchObject({ customName: true, name: '/cagw/claude-gateway-vpn/client-vpn' });
  const removed = stackChanges(vpnStack(), undefined, CONTEXT);
  expect(removed.changes.map((c) => `${c.action} ${c.logicalId} ${c.guarded}`)).toEqual(added.changes.map((c) => `remove ${c.logicalId} ${c.guarded}`));
  expect(removed.changes.find((c) => c.logicalId === 'Endpoint')).toMatchObject({ guarded: true, guardedBecause: 'the Client VPN endpoint' });
  expect(stackChanges(undefined, undefined, CONTEXT)).toEqual({ changes: [], outputsThatMayChange: [] });
});

test('a new admin email replaces the custom-named Cognito user admin; the template may be given as an object', () => {
  const idp = (AdminEmail: string): StackVersion => ({
    template: template('idp-cognito-new.yaml'),
    parameters: { GatewayHostname: 'claude.example.com', HostedUiDomainPrefix: 'example-claude-login', AdminEmail, MfaMode: 'ON' },
  });
  const { changes } = stackChanges(idp('platform@example.com'), idp('ops@example.com'), { stackName: 'claude-gateway-idp' });
  expect(changes[0]).toMatchObject({ logicalId: 'FirstUser', type: 'AWS::Cognito::UserPoolUser', action: 'replace', causes: ['UserAttributes'], customName: true, name: 'admin', guarded: false, parameters: ['AdminEmail'] });
  const asJson = { template: { Resources: { Images: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'claude-gateway-images', ImageTagMutability: 'IMMUTABLE' } } } }, parameters: {} };
  const changed = { ...asJson, template: { Resources: { Images: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'claude-gateway-images', ImageTagMutability: 'MUTABLE' } } } } };
  expect(stackChanges(asJson, changed, { stackName: 'images' }).changes).toEqual([expect.objectContaining({ action: 'modify', causes: ['ImageTagMutability'], customName: true, name: 'claude-gateway-images', guarded: true })]);
});
