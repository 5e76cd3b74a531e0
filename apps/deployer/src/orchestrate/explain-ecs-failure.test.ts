import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { explainEcsFailure } from './explain-ecs-failure.ts';

const ecsMock = mockClient(ECSClient);
const explain = explainEcsFailure(new ECSClient({ region: 'us-east-1' }));
const serviceEvent: StackEvent = { StackId: 'stack', StackName: 'claude-gateway-gateway', EventId: 'e1', Timestamp: new Date(0), ResourceType: 'AWS::ECS::Service', PhysicalResourceId: 'arn:aws:ecs:us-east-1:123456789012:service/claude-gateway-gateway/gateway', ResourceStatusReason: 'ECS Deployment Circuit Breaker was triggered' };

beforeEach(() => {
  ecsMock.reset();
  ecsMock.onAnyCommand().rejects(new Error('unexpected ECS call'));
});

test('the newest stopped task of the service explains the circuit breaker', async () => {
  ecsMock.on(ListTasksCommand, { cluster: 'claude-gateway-gateway', serviceName: 'gateway', desiredStatus: 'STOPPED' }).resolves({ taskArns: ['t1', 't2'] });
  ecsMock.on(DescribeTasksCommand).resolves({ tasks: [
    { stoppedAt: new Date(1), stoppedReason: 'older' },
    { stoppedAt: new Date(2), stoppedReason: 'Essential container in task exited', containers: [{ name: 'gateway', exitCode: 1, reason: undefined }] },
  ] });
  expect(await explain('claude-gateway-gateway', serviceEvent)).toBe('stopped task: Essential container in task exited; container gateway: exit code 1');
});

test('other resources, or a service without stopped tasks, add nothing', async () => {
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
  expect(await explain('s', { ...serviceEvent, ResourceType: 'AWS::SQS::Queue' })).toBeUndefined();
  expect(await explain('s', serviceEvent)).toBeUndefined();
});
