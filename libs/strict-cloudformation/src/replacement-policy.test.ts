// Update or replacement per property, read from the AWS resource specification (no list of ours).
import { expect, test } from 'vitest';
import { propertyRecreations, replacementOf } from './replacement-policy.ts';

const CA_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f7c5a1e-2b3d-4c5e-8f90-1a2b3c4d5e6f';
const RENEWED_CA_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/7d8e9f00-1a2b-4c3d-9e8f-aabbccddeeff';

test('a property the specification marks causesReplacement yes requires recreation; one it does not is updated in place', () => {
  const before = { RepositoryName: 'claude-apps-gateway', ImageTagMutability: 'MUTABLE' };
  expect(propertyRecreations('AWS::ECR::Repository', before, { ...before, RepositoryName: 'claude-apps-gateway-2' })).toEqual([{ name: 'RepositoryName', requiresRecreation: 'Always' }]);
  expect(propertyRecreations('AWS::ECR::Repository', before, { ...before, ImageTagMutability: 'IMMUTABLE' })).toEqual([{ name: 'ImageTagMutability', requiresRecreation: 'Never' }]);
  expect(propertyRecreations('AWS::ECR::Repository', before, { ...before })).toEqual([]);
});

test('a VPN endpoint: its server certificate updates in place, its client root CA (inside AuthenticationOptions) replaces it', () => {
  const endpoint = (server: string, root: string) => ({
    ServerCertificateArn: server, ClientCidrBlock: '10.100.0.0/22',
    AuthenticationOptions: [{ Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChainArn: root } }],
  });
  const before = endpoint(CA_ARN, CA_ARN);
  expect(replacementOf(propertyRecreations('AWS::EC2::ClientVpnEndpoint', before, endpoint(RENEWED_CA_ARN, CA_ARN)))).toBe('False');
  expect(replacementOf(propertyRecreations('AWS::EC2::ClientVpnEndpoint', before, endpoint(CA_ARN, RENEWED_CA_ARN)))).toBe('True');
});

test('inside a structure that is updated in place, a part the specification marks yes still replaces', () => {
  const endpoint = (preference: string, ipType: string) => ({ VpcId: 'vpc-0a1b2c3d4e5f60718', ServiceName: 'com.amazonaws.us-east-1.ecr.api', DnsOptions: { PrivateDnsPreference: preference, DnsRecordIpType: ipType } });
  const before = endpoint('ALL_DOMAINS', 'ipv4');
  expect(propertyRecreations('AWS::EC2::VPCEndpoint', before, endpoint('VERIFIED_DOMAINS_ONLY', 'ipv4'))).toEqual([{ name: 'DnsOptions', requiresRecreation: 'Always' }]);
  expect(propertyRecreations('AWS::EC2::VPCEndpoint', before, endpoint('ALL_DOMAINS', 'dualstack'))).toEqual([{ name: 'DnsOptions', requiresRecreation: 'Never' }]);
});

test('maybe in the specification is Conditional, as a change set says; the change with the most impact decides', () => {
  const before = { Engine: 'postgres', DBInstanceClass: 'db.t4g.medium', AllocatedStorage: '20' };
  const engine = propertyRecreations('AWS::RDS::DBInstance', before, { ...before, Engine: 'aurora-postgresql' });
  expect(engine).toEqual([{ name: 'Engine', requiresRecreation: 'Conditionally' }]);
  expect(replacementOf(engine)).toBe('Conditional');
  expect(replacementOf([...engine, { name: 'DBInstanceIdentifier', requiresRecreation: 'Always' }])).toBe('True');
  expect(replacementOf(propertyRecreations('AWS::RDS::DBInstance', before, { ...before, DBInstanceClass: 'db.t4g.large' }))).toBe('False');
});

test('Always on a value known only when the update runs (Evaluation Dynamic) is reported as Conditional', () => {
  const changes = propertyRecreations('AWS::EC2::Subnet', { VpcId: 'vpc-0a1b2c3d4e5f60718' }, { VpcId: '<Vpc after its replacement>' });
  expect(replacementOf(changes)).toBe('True');
  expect(replacementOf(changes, new Set(['VpcId']))).toBe('Conditional');
});

test('key order is not a change; a type the specification does not have is Conditional, never silently in place', () => {
  expect(propertyRecreations('AWS::EC2::VPCEndpoint', { DnsOptions: { A: '1', B: '2' } }, { DnsOptions: { B: '2', A: '1' } })).toEqual([]);
  expect(replacementOf(propertyRecreations('Custom::CertificateImport', { Source: 'a' }, { Source: 'b' }))).toBe('Conditional');
});
