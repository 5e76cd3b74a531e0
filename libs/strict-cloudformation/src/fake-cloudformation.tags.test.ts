// Stack tags on the fake, to fake-cloudformation.md: refused as CloudFormation refuses them
// (CreateChangeSet, Tags; the Tag type), kept on the stack, and changed through a change set.
import { CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand, type Tag } from '@aws-sdk/client-cloudformation';
import { expect, test, vi } from 'vitest';
import { useStrictFakeCloudFormation } from './strict-fake-cloudformation.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ pageSize: 2, createSeconds: () => 1 });
const TEMPLATE = 'Resources:\n  Topic: {Type: \'AWS::SNS::Topic\'}\n';

const request = (type: 'CREATE' | 'UPDATE', tags: Tag[] | undefined, name = 'cs1') => cfn.send(new CreateChangeSetCommand({
  StackName: 'app', ChangeSetName: name, ChangeSetType: type, TemplateBody: TEMPLATE, ...(tags ? { Tags: tags } : {}),
}));
const tagsOfStack = async () => (await cfn.send(new DescribeStacksCommand({ StackName: 'app' }))).Stacks?.[0]?.Tags;

async function deploy(type: 'CREATE' | 'UPDATE', tags: Tag[] | undefined, name: string) {
  const { Id } = await request(type, tags, name);
  await vi.advanceTimersByTimeAsync(2_000);
  const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
  if (described.Status === 'CREATE_COMPLETE') {
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    await vi.advanceTimersByTimeAsync(10_000);
  }
  return described;
}

test('tags CloudFormation refuses are refused with ValidationError, and no stack is made', async () => {
  const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await expect(request('CREATE', many)).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/) });
  await expect(request('CREATE', [{ Key: 'aws:x', Value: 'v' }])).rejects.toMatchObject({ name: 'ValidationError', message: 'aws: prefixed tag key names are not allowed for external use.' });
  await expect(request('CREATE', [{ Key: 'AWS:Owner', Value: 'v' }])).rejects.toMatchObject({ name: 'ValidationError' });
  await expect(request('CREATE', [{ Key: 'k'.repeat(129), Value: 'v' }])).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/at 'tags\.1\.member\.key' failed to satisfy constraint: Member must have length less than or equal to 128$/) });
  await expect(request('CREATE', [{ Key: 'a', Value: 'v' }, { Key: 'k', Value: '𝒜'.repeat(257) }])).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/at 'tags\.2\.member\.value' failed to satisfy constraint: Member must have length less than or equal to 256$/) });
  await expect(request('CREATE', [{ Key: 'team', Value: '' }])).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/Member must have length greater than or equal to 1$/) });
  expect(fake.stackNames()).toEqual([]);
});

test('50 tags of 128 and 256 characters are taken, and DescribeStacks returns them', async () => {
  const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `${i}`.padEnd(128, 'k'), Value: '𝒜'.repeat(256) }));
  await deploy('CREATE', tags, 'cs1');
  expect(fake.status('app')).toBe('CREATE_COMPLETE');
  expect(await tagsOfStack()).toEqual(tags);
});

test('a change of tags alone is a change set that, run, replaces the stack\'s tags; tags left out keep them', async () => {
  await deploy('CREATE', [{ Key: 'team', Value: 'platform' }], 'cs1');
  const retag = await deploy('UPDATE', [{ Key: 'team', Value: 'finops' }, { Key: 'cost-center', Value: '1234' }], 'cs2');
  expect(retag.Status).toBe('CREATE_COMPLETE');
  expect(fake.status('app')).toBe('UPDATE_COMPLETE');
  expect(await tagsOfStack()).toEqual([{ Key: 'team', Value: 'finops' }, { Key: 'cost-center', Value: '1234' }]);
  const untouched = await deploy('UPDATE', undefined, 'cs3');
  expect(untouched.StatusReason).toMatch(/didn't contain changes/);
  expect(await tagsOfStack()).toEqual([{ Key: 'team', Value: 'finops' }, { Key: 'cost-center', Value: '1234' }]);
});
