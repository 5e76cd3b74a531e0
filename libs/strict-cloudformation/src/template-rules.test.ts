// Template Rules as CloudFormation evaluates them before a change set is made.
import { expect, test } from 'vitest';
import { failedRuleAssertion } from './template-rules.ts';

const declarations = { CertificateArn: { type: 'String' }, PublicHostedZoneId: { type: 'String' }, Subnets: { type: 'List<AWS::EC2::Subnet::Id>' }, Mode: { type: 'String' } };
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f7c5a1e-2b3d-4c5e-8f90-1a2b3c4d5e6f';
// the gateway and collector templates' own rule
const certificateSource = {
  CertificateSource: {
    Assertions: [{
      Assert: { 'Fn::Or': [{ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CertificateArn' }, ''] }] }, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PublicHostedZoneId' }, ''] }] }] },
      AssertDescription: 'give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)',
    }],
  },
};

test('a failed assertion answers its AssertDescription; one that holds answers nothing', () => {
  expect(failedRuleAssertion(certificateSource, declarations, { CertificateArn: '', PublicHostedZoneId: '' })).toBe('give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)');
  expect(failedRuleAssertion(certificateSource, declarations, { CertificateArn: CERT, PublicHostedZoneId: '' })).toBeUndefined();
  expect(failedRuleAssertion(certificateSource, declarations, { CertificateArn: '', PublicHostedZoneId: 'Z0123456789ABCDEFGHIJ' })).toBeUndefined();
  expect(failedRuleAssertion(undefined, declarations, {})).toBeUndefined();
});

test('a rule applies only when its RuleCondition holds', () => {
  const rules = { EmfNeedsTwoSubnets: { RuleCondition: { 'Fn::Equals': [{ Ref: 'Mode' }, 'emf'] }, Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'CertificateArn' }, 'never'] }, AssertDescription: 'not in emf mode' }] } };
  expect(failedRuleAssertion(rules, declarations, { Mode: 'native', CertificateArn: '' })).toBeUndefined();
  expect(failedRuleAssertion(rules, declarations, { Mode: 'emf', CertificateArn: '' })).toBe('not in emf mode');
});

test('list functions work on List parameters: Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::And', () => {
  const subnets = { Subnets: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788' };
  const assert = (a: unknown) => failedRuleAssertion({ R: { Assertions: [{ Assert: a, AssertDescription: 'refused' }] } }, declarations, subnets, { 'AWS::Region': 'eu-west-1' });
  expect(assert({ 'Fn::Contains': [{ Ref: 'Subnets' }, 'subnet-0a1b2c3d4e5f60718'] })).toBeUndefined();
  expect(assert({ 'Fn::Contains': [{ Ref: 'Subnets' }, 'subnet-00000000000000000'] })).toBe('refused');
  expect(assert({ 'Fn::EachMemberEquals': [{ Ref: 'Subnets' }, 'subnet-0a1b2c3d4e5f60718'] })).toBe('refused');
  expect(assert({ 'Fn::EachMemberIn': [{ Ref: 'Subnets' }, ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788', 'subnet-0123456789abcdef0']] })).toBeUndefined();
  expect(assert({ 'Fn::And': [{ 'Fn::Contains': [{ Ref: 'Subnets' }, 'subnet-0a1b2c3d4e5f60718'] }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] })).toBe('refused');
  expect(() => assert({ 'Fn::Contains': [{ Ref: 'Undeclared' }, 'x'] })).toThrow(/Unresolved dependencies \[Undeclared\]/);
});

test('a rule function that reads the account is refused by name, never passed unchecked', () => {
  const rules = { R: { Assertions: [{ Assert: { 'Fn::EachMemberEquals': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, 'vpc-0a1b2c3d4e5f60718'] } }] } };
  expect(() => failedRuleAssertion(rules, declarations, {})).toThrow(/Fn::ValueOfAll is not modelled/);
});
