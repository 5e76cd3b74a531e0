// CloudWatch dashboards as cagw meets them (PutDashboard, ListDashboards, DeleteDashboards), to
// the API reference: ListDashboards filters by DashboardNamePrefix and pages with NextToken
// (small pages here, to exercise paging); DeleteDashboards takes at most 100 names and is all or
// nothing: "If there is an error during this call, no dashboards are deleted", a name that does
// not exist being such an error (ResourceNotFound, 404, which the SDK raises as
// DashboardNotFoundError). Any other CloudWatch call fails the test.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteDashboards.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListDashboards.html
import {
  DashboardNotFoundError, DeleteDashboardsCommand, InvalidParameterValueException, ListDashboardsCommand, PutDashboardCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { ServiceInputTypes, ServiceOutputTypes, CloudWatchClientResolvedConfig } from '@aws-sdk/client-cloudwatch';

export class FakeDashboards {
  readonly dashboards = new Map<string, string>();
  constructor(private readonly pageSize = 2) {}

  install(mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudWatchClientResolvedConfig>): void {
    mock.on(PutDashboardCommand).callsFake(async (i) => {
      this.dashboards.set(i.DashboardName ?? '', i.DashboardBody ?? '');
      return { DashboardValidationMessages: [] };
    });
    mock.on(ListDashboardsCommand).callsFake(async (i) => {
      const all = [...this.dashboards.keys()].sort().filter((n) => n.startsWith(i.DashboardNamePrefix ?? ''));
      const from = Number(i.NextToken ?? 0);
      const page = all.slice(from, from + this.pageSize);
      const next = from + this.pageSize < all.length ? String(from + this.pageSize) : undefined;
      return { DashboardEntries: page.map((n) => ({ DashboardName: n, DashboardArn: `arn:aws:cloudwatch::123456789012:dashboard/${n}`, Size: 1024 })), NextToken: next };
    });
    mock.on(DeleteDashboardsCommand).callsFake(async (i) => {
      const names = i.DashboardNames ?? [];
      if (names.length === 0 || names.length > 100) throw new InvalidParameterValueException({ message: 'DashboardNames must name 1 to 100 dashboards', $metadata: { httpStatusCode: 400 } });
      const missing = names.filter((n: string) => !this.dashboards.has(n));
      if (missing.length > 0) throw new DashboardNotFoundError({ message: `Dashboard ${missing[0]} does not exist`, $metadata: { httpStatusCode: 404 } });
      for (const n of names) this.dashboards.delete(n);
      return {};
    });
  }
}
