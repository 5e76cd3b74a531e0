// editRefusals on cagw's real templates: the updates CloudFormation refuses halfway (issue 21),
// found before any change set, naming the variable and the fix.
import { readFileSync } from 'node:fs';
import { TEMPLATES_DIR } from '@cagw/cloudformation';
import { expect, test } from 'vitest';
import { editRefusals, type StackVersion } from './index.ts';

const template = (file: string) => readFileSync(`${TEMPLATES_DIR}${file}`, 'utf8');
const IDP = template('idp-cognito-new.yaml');
const idp = (parameters: Record<string, string> = {}, unknownParameters?: Record<string, string>): StackVersion => ({
  template: IDP,
  parameters: { GatewayHostname: 'claude.example.com', HostedUiDomainPrefix: 'example-claude-login', AdminEmail: 'platform@example.com', MfaMode: 'ON', ...parameters },
  ...(unknownParameters ? { unknownParameters } : {}),
});
// what the profile's variable catalogue makes these parameters from (the command derives it)
const VARIABLES: Record<string, string[]> = { AdminEmail: ['COGNITO_ADMIN_EMAIL'], HostedUiDomainPrefix: ['COGNITO_DOMAIN_PREFIX'], CertificateArn: ['CERT_ARN'], PublicHostedZoneId: ['PUBLIC_HOSTED_ZONE_ID'] };
const context = { stackName: 'claude-gateway-idp', region: 'us-east-1', variablesOf: (p: string) => VARIABLES[p] ?? [] };

test('a new COGNITO_ADMIN_EMAIL replaces the custom-named user admin: refused as CloudFormation does, naming the variable', () => {
  const refusals = editRefusals(idp(), idp({ AdminEmail: 'ops@example.com' }), context);
  expect(refusals).toEqual([{
    variable: 'COGNITO_ADMIN_EMAIL', stackName: 'claude-gateway-idp', logicalId: 'FirstUser', parameters: ['AdminEmail'],
    message: expect.stringContaining('CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename admin and update the stack again.'),
    fix: expect.stringMatching(/^set COGNITO_ADMIN_EMAIL back to its deployed value/),
  }]);
  expect(refusals[0]?.message).toMatch(/^claude-gateway-idp: FirstUser \(AWS::Cognito::UserPoolUser\) would be replaced because UserAttributes changes/);
});

test('without a variable for the parameter, the refusal names the stack parameter', () => {
  const [refusal] = editRefusals(idp(), idp({ AdminEmail: 'ops@example.com' }), { stackName: 'claude-gateway-idp' });
  expect(refusal?.variable).toBe('claude-gateway-idp parameter AdminEmail');
});

test('a new COGNITO_DOMAIN_PREFIX makes a second domain for the pool while the first exists: refused as Cognito does', () => {
  const refusals = editRefusals(idp(), idp({ HostedUiDomainPrefix: 'example-claude-login-2' }), context);
  expect(refusals).toEqual([expect.objectContaining({
    variable: 'COGNITO_DOMAIN_PREFIX', logicalId: 'UserPoolDomain', message: expect.stringContaining('User pool already has a domain configured.'),
  })]);
});

test('edits CloudFormation takes are not refused: the host name (in place), an identical stack, a new stack', () => {
  expect(editRefusals(idp(), idp({ GatewayHostname: 'gateway.example.com' }), context)).toEqual([]);
  expect(editRefusals(idp(), idp(), context)).toEqual([]);
  expect(editRefusals(undefined, idp(), context)).toEqual([]);
  expect(editRefusals(idp(), undefined, context)).toEqual([]);
});

test('a value not known offline is never refused on a guess', () => {
  expect(editRefusals(idp(), idp({}, { AdminEmail: 'claude-gateway-other.AdminEmail' }), context)).toEqual([]);
});

test('a template Rules assertion that fails is refused with its AssertDescription, naming the variables it reads', () => {
  const gateway = (parameters: Record<string, string>): StackVersion => ({ template: template('gateway.yaml'), parameters });
  const refusals = editRefusals(gateway({ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' }), gateway({ CertificateArn: '', PublicHostedZoneId: '' }), { ...context, stackName: 'claude-gateway-gateway' });
  expect(refusals).toEqual([{
    variable: 'CERT_ARN, PUBLIC_HOSTED_ZONE_ID', stackName: 'claude-gateway-gateway', logicalId: 'CertificateSource', parameters: ['CertificateArn', 'PublicHostedZoneId'],
    message: 'claude-gateway-gateway: the template\'s rule CertificateSource fails (CertificateArn="", PublicHostedZoneId=""), so CloudFormation refuses the change set: give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)',
    fix: 'set CERT_ARN, PUBLIC_HOSTED_ZONE_ID so that the rule holds: give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)',
  }]);
});

test('a new value outside the template\'s constraints is refused as CreateChangeSet does; one the deployed stack already has is not the edit\'s', () => {
  const vpn = (ClientCidrBlock: string): StackVersion => ({
    template: template('client-vpn.yaml'),
    parameters: {
      VpcId: 'vpc-0a1b2c3d4e5f67890', VpcCidr: '10.20.0.0/16', PrivateSubnetIds: 'subnet-0a1b2c3d4e5f67891,subnet-0a1b2c3d4e5f67892', VpcDnsResolverIp: '10.20.0.2', ClientCidrBlock,
      ServerCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      ClientRootCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000',
    },
  });
  const vpnContext = { stackName: 'claude-gateway-vpn', variablesOf: (p: string) => (p === 'ClientCidrBlock' ? ['VPN_CLIENT_CIDR'] : []) };
  expect(editRefusals(vpn('10.30.0.0/22'), vpn('10.30.0.0/24'), vpnContext)).toEqual([expect.objectContaining({
    variable: 'VPN_CLIENT_CIDR', parameters: ['ClientCidrBlock'],
    message: 'claude-gateway-vpn: Parameter \'ClientCidrBlock\' failed to satisfy constraint: an IPv4 CIDR from /12 to /22',
  })]);
  expect(editRefusals(vpn('10.30.0.0/24'), vpn('10.30.0.0/24'), vpnContext)).toEqual([]);
});

test('a logical id that changes type is refused: CloudFormation does not update a resource\'s type', () => {
  const images = (Type: string) => ({ template: { Resources: { Images: { Type, Properties: {} } } }, parameters: {} });
  expect(editRefusals(images('AWS::ECR::Repository'), images('AWS::S3::Bucket'), { stackName: 'claude-gateway-network' })).toEqual([expect.objectContaining({
    variable: 'claude-gateway-network template', logicalId: 'Images',
    message: 'claude-gateway-network: Update of resource type is not permitted. The new template modifies resource type of the following resources: [Images] (AWS::ECR::Repository → AWS::S3::Bucket)',
  })]);
});
