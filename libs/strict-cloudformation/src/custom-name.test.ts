// Which properties name a resource, derived from the resource specification.
import { expect, test } from 'vitest';
import { customNameOf, customNameProperties } from './custom-name.ts';

test('a primary identifier made of properties the template sets is the custom name', () => {
  expect(customNameProperties('AWS::ECR::Repository')).toEqual(['RepositoryName']);
  expect(customNameProperties('AWS::Cognito::UserPoolUser')).toEqual(['UserPoolId', 'Username']);
  expect(customNameProperties('AWS::RDS::DBInstance')).toEqual(['DBInstanceIdentifier']);
});

test('an identifier the service assigns is no custom name, unless a property says the name rule (a load balancer Name)', () => {
  expect(customNameProperties('AWS::EC2::VPC')).toEqual([]);
  expect(customNameProperties('AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual(['Name']);
  expect(customNameProperties('Custom::Anything')).toEqual([]);
});

test('the name is the values of those properties; a resource that leaves them unset has none', () => {
  expect(customNameOf('AWS::Cognito::UserPoolUser', { UserPoolId: 'us-east-1_AbCdEfGhI', Username: 'admin@example.com' })).toEqual({ properties: ['UserPoolId', 'Username'], name: 'us-east-1_AbCdEfGhI|admin@example.com' });
  expect(customNameOf('AWS::Logs::LogGroup', { RetentionInDays: '30' })).toBeUndefined();
  expect(customNameOf('AWS::ECR::Repository', { RepositoryName: { 'Fn::GetAtt': ['Other', 'Name'] } })).toBeUndefined();
});
