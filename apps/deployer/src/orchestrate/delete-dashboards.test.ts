// Destroy deletes the dashboards deploy put in place, on a fake CloudWatch that refuses what
// CloudWatch refuses (a DeleteDashboards naming a dashboard that does not exist deletes nothing).
import { CloudWatchClient, DeleteDashboardsCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { deleteDashboards } from './delete-dashboards.ts';
import { FakeDashboards } from './testing/fake-dashboards.ts';

const cloudwatchMock = mockClient(CloudWatchClient);
const cloudwatch = new CloudWatchClient({ region: 'eu-west-1' });
const OURS = ['claude-gateway-usage', 'claude-gateway-governance', 'claude-gateway-operations'];
let fake: FakeDashboards;

beforeEach(() => {
  cloudwatchMock.reset();
  cloudwatchMock.onAnyCommand().rejects(new Error('unexpected CloudWatch call'));
  fake = new FakeDashboards(2);
  fake.install(cloudwatchMock);
});

describe('the fake CloudWatch', () => {
  test('DeleteDashboards of a name that does not exist fails with ResourceNotFound (404) and deletes none', async () => {
    fake.dashboards.set('claude-gateway-usage', '{}');
    const error = await cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: ['claude-gateway-usage', 'claude-gateway-governance'] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DashboardNotFoundError', $metadata: { httpStatusCode: 404 } });
    expect([...fake.dashboards.keys()]).toEqual(['claude-gateway-usage']);
  });

  test('ListDashboards filters by prefix and pages', async () => {
    for (const n of [...OURS, 'other-usage']) fake.dashboards.set(n, '{}');
    const first = await cloudwatch.send(new ListDashboardsCommand({ DashboardNamePrefix: 'claude-gateway-' }));
    expect(first.DashboardEntries).toHaveLength(2);
    const second = await cloudwatch.send(new ListDashboardsCommand({ DashboardNamePrefix: 'claude-gateway-', NextToken: first.NextToken }));
    expect(second.DashboardEntries?.map((d) => d.DashboardName)).toEqual(['claude-gateway-usage']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('deleting a deployment\'s dashboards', () => {
  test('deletes the named ones and leaves every other dashboard', async () => {
    for (const n of [...OURS, 'claude-gateway-usage-copy', 'other-usage']) fake.dashboards.set(n, '{}');
    expect((await deleteDashboards(cloudwatch, OURS)).sort()).toEqual([...OURS].sort());
    expect([...fake.dashboards.keys()].sort()).toEqual(['claude-gateway-usage-copy', 'other-usage']);
  });

  test('a deploy that put only some of them in place: those are deleted, the missing one does not stop the rest', async () => {
    fake.dashboards.set('claude-gateway-usage', '{}');
    fake.dashboards.set('claude-gateway-operations', '{}');
    expect((await deleteDashboards(cloudwatch, OURS)).sort()).toEqual(['claude-gateway-operations', 'claude-gateway-usage']);
    expect(fake.dashboards.size).toBe(0);
  });

  test('none left: no DeleteDashboards call', async () => {
    expect(await deleteDashboards(cloudwatch, OURS)).toEqual([]);
    expect(cloudwatchMock.commandCalls(DeleteDashboardsCommand)).toHaveLength(0);
  });

  test('one deleted by someone else between the listing and the delete is looked up again once', async () => {
    for (const n of OURS) fake.dashboards.set(n, '{}');
    let raced = false;
    cloudwatchMock.on(DeleteDashboardsCommand).callsFake(async (i) => {
      if (!raced) {
        raced = true;
        fake.dashboards.delete('claude-gateway-governance');
      }
      const missing = (i.DashboardNames ?? []).filter((n: string) => !fake.dashboards.has(n));
      if (missing.length > 0) throw Object.assign(new Error(`Dashboard ${missing[0]} does not exist`), { name: 'DashboardNotFoundError', $metadata: { httpStatusCode: 404 } });
      for (const n of i.DashboardNames ?? []) fake.dashboards.delete(n);
      return {};
    });
    expect((await deleteDashboards(cloudwatch, OURS)).sort()).toEqual(['claude-gateway-operations', 'claude-gateway-usage']);
    expect(fake.dashboards.size).toBe(0);
    expect(cloudwatchMock.commandCalls(DeleteDashboardsCommand)).toHaveLength(2);
  });
});
