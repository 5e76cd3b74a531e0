import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { blockingFix, stacksState } from './stacks-state.ts';

const cfn = mockClient(CloudFormationClient);
beforeEach(() => {
  cfn.reset();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
});
const settings = settingsFrom({ ENABLE_COLLECTOR: 'true', DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ', ZONE: '' });
const { network, database, gateway, collector, observability } = settings.stackNames;
const stack = (name: string, status: string) => ({ Stacks: [{ StackName: name, StackStatus: status, CreationTime: new Date() }] } as never);
const absent = (name: string) => awsError('ValidationError', `Stack with id ${name} does not exist`);

test('new and completed stacks are deployable', async () => {
  cfn.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => {
    if (StackName === network) return stack(network, 'UPDATE_COMPLETE');
    throw absent(StackName);
  });
  const r = await runOne(stacksState, settings);
  expect(r).toMatchObject({ status: 'pass', message: `deployable: ${network} UPDATE_COMPLETE, ${database} (new), ${gateway} (new), ${collector} (new), ${observability} (new)` });
});

test('every blocking state is reported at once, each with its own fix', async () => {
  cfn.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => {
    if (StackName === network) return stack(network, 'ROLLBACK_COMPLETE');
    if (StackName === database) return stack(database, 'UPDATE_IN_PROGRESS');
    if (StackName === gateway) return stack(gateway, 'UPDATE_ROLLBACK_FAILED');
    throw absent(StackName);
  });
  const r = await runOne(stacksState, settings);
  expect(r.status).toBe('fail');
  expect(r.message).toBe(`stack ${network} is ROLLBACK_COMPLETE; stack ${database} is UPDATE_IN_PROGRESS; stack ${gateway} is UPDATE_ROLLBACK_FAILED`);
  expect(r.fix).toContain(`delete-stack --stack-name ${network} --region us-east-1`);
  expect(r.fix).toContain(`continue-update-rollback --stack-name ${gateway}`);
  expect(r.fix).toContain(`wait stack-update-complete --stack-name ${database} --region us-east-1`);
});

test('a DescribeStacks error other than "does not exist" fails the check', async () => {
  cfn.on(DescribeStacksCommand).rejects(awsError('ExpiredTokenException'));
  const r = await runOne(stacksState, settings);
  expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('cloudformation:DescribeStacks failed: ExpiredTokenException') });
});

test('settled states need no fix', () => {
  expect(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE'].map((s) => blockingFix('x', s, 'us-east-1'))).toEqual([undefined, undefined, undefined, undefined]);
});

test('an empty stack in REVIEW_IN_PROGRESS is not something to wait for: deploy creates it', async () => {
  cfn.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => {
    if (StackName === gateway) return stack(gateway, 'REVIEW_IN_PROGRESS');
    throw absent(StackName);
  });
  const r = await runOne(stacksState, settings);
  expect(r.status).toBe('warn');
  expect(r.message).toBe(`stack ${gateway} is REVIEW_IN_PROGRESS: an empty stack left by a change set that was never executed (it does not settle on its own)`);
  expect(r.fix).toContain(`run cagw deploy: it creates ${gateway} with a new change set`);
  expect(r.fix).not.toMatch(/\bwait\b/);
});

test('the observability stack is checked too', async () => {
  cfn.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => {
    if (StackName === observability) return stack(observability, 'UPDATE_ROLLBACK_FAILED');
    throw absent(StackName);
  });
  const r = await runOne(stacksState, settings);
  expect(r).toMatchObject({ status: 'fail', message: `stack ${observability} is UPDATE_ROLLBACK_FAILED` });
  expect(r.fix).toContain(`continue-update-rollback --stack-name ${observability}`);
});

test('each busy state names the waiter that ends on it', () => {
  expect(blockingFix('s', 'CREATE_IN_PROGRESS', 'eu-west-1')).toContain('aws cloudformation wait stack-create-complete --stack-name s --region eu-west-1');
  expect(blockingFix('s', 'DELETE_IN_PROGRESS', 'eu-west-1')).toContain('wait stack-delete-complete');
  expect(blockingFix('s', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'eu-west-1')).toContain('wait stack-rollback-complete');
  expect(blockingFix('s', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'eu-west-1')).toContain('wait stack-update-complete');
});
