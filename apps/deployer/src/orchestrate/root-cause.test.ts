import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { expect, test } from 'vitest';
import { knownFix, rootCause } from './root-cause.ts';

const at = (s: number, id: string, type: string, status: string, reason?: string): StackEvent => ({
  StackId: 'stack', StackName: 'stack', EventId: `${s}-${id}`, Timestamp: new Date(1_700_000_000_000 + s * 1000), LogicalResourceId: id, ResourceType: type, ResourceStatus: status as StackEvent['ResourceStatus'], ResourceStatusReason: reason,
});

test('the first resource failure wins over later cancellations and the stack summary, whatever the order given', () => {
  const events = [
    at(9, 'gw', 'AWS::CloudFormation::Stack', 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Cert, Service]'),
    at(8, 'Service', 'AWS::ECS::Service', 'CREATE_FAILED', 'Resource creation cancelled'),
    at(7, 'Cert', 'AWS::CertificateManager::Certificate', 'CREATE_FAILED', 'DNS validation timed out'),
    at(5, 'Cert', 'AWS::CertificateManager::Certificate', 'CREATE_IN_PROGRESS'),
  ];
  expect(rootCause(events)?.LogicalResourceId).toBe('Cert');
  expect(rootCause([...events].reverse())?.LogicalResourceId).toBe('Cert');
});

test('only cancellations or summaries: no root cause', () => {
  expect(rootCause([at(1, 'A', 'AWS::SQS::Queue', 'CREATE_FAILED', 'Resource creation cancelled'), at(2, 's', 'AWS::CloudFormation::Stack', 'ROLLBACK_COMPLETE')])).toBeUndefined();
});

test('known failures carry their fix', () => {
  expect(knownFix(at(1, 'Cert', 'AWS::CertificateManager::Certificate', 'CREATE_FAILED', 'x'), { gatewayHost: 'claude.example.com', zoneId: 'Z1' })).toMatch(/claude\.example\.com .* Z1/);
  expect(knownFix(at(1, 'S', 'AWS::ECS::Service', 'CREATE_FAILED', 'ECS Deployment Circuit Breaker was triggered'))).toMatch(/stopped/);
  expect(knownFix(at(1, 'Q', 'AWS::SQS::Queue', 'CREATE_FAILED', 'something new'))).toBeUndefined();
  // another STACK_PREFIX would not change ECR_REPO: the fix is adoption (or another ECR_REPO)
  const ecrFix = knownFix(at(1, 'ImageRepository', 'AWS::ECR::Repository', 'CREATE_FAILED', 'Resource handler returned message: "Resource of type \'AWS::ECR::Repository\' with identifier \'claude-apps-gateway\' already exists."'));
  expect(ecrFix).toContain('adopts it');
  expect(ecrFix).not.toContain('STACK_PREFIX');
});
