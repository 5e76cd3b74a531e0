// Deletes a deployment's CloudWatch dashboards. DeleteDashboards is all or nothing: "If there is
// an error during this call, no dashboards are deleted", and a name that does not exist is such
// an error (ResourceNotFound, 404), so only the names ListDashboards finds are passed; a dashboard
// someone deleted in between is looked up again once.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteDashboards.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListDashboards.html
import { DeleteDashboardsCommand, ListDashboardsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { callAws } from './aws-call.ts';

// the SDK names the ResourceNotFound code of DeleteDashboards DashboardNotFoundError
const NOT_FOUND = new Set(['DashboardNotFoundError', 'ResourceNotFound']);

/** Deletes whichever of `names` exist; returns the ones deleted. */
export async function deleteDashboards(cloudwatch: CloudWatchClient, names: readonly string[], awsProfile?: string): Promise<string[]> {
  if (names.length === 0) return [];
  for (let attempt = 0; ; attempt++) {
    const existing = await existingDashboards(cloudwatch, names, awsProfile);
    if (existing.length === 0) return [];
    const deleted = await callAws(`deleting dashboards ${existing.join(', ')}`, () => cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: existing })).then(() => true, (e: unknown) => {
      if (NOT_FOUND.has((e as Error)?.name) && attempt === 0) return false;
      throw e;
    }), { awsProfile });
    if (deleted) return existing;
  }
}

async function existingDashboards(cloudwatch: CloudWatchClient, names: readonly string[], awsProfile?: string): Promise<string[]> {
  const wanted = new Set(names);
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await callAws('listing the dashboards', () => cloudwatch.send(new ListDashboardsCommand({ DashboardNamePrefix: commonPrefix(names) || undefined, NextToken: token })), { awsProfile });
    for (const d of page.DashboardEntries ?? []) if (d.DashboardName && wanted.has(d.DashboardName)) found.push(d.DashboardName);
    token = page.NextToken;
  } while (token);
  return found;
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
