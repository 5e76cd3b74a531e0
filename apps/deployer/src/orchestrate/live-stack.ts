// What a stack looks like in the account right now: status, parameters, tags, outputs and
// the template it was last deployed with (to decide "nothing to do" without a change set), and
// for a stack whose create or delete failed, the resources it still holds.
import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { callAws } from './aws-call.ts';

export interface LiveStack {
  stackId: string;
  status: string;
  statusReason: string | undefined;
  lastUpdated: Date | undefined;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  outputs: Record<string, string>;
  templateBody: string;
  /** read only for a failed create or delete: what is still there (not DELETE_COMPLETE) */
  remaining?: { logicalId: string; type: string; physicalId: string; status: string }[];
}

const doesNotExist = (e: unknown) => (e as Error)?.name === 'ValidationError' && /does not exist/.test((e as Error).message);

export async function readLiveStack(cfn: CloudFormationClient, stackName: string, awsProfile?: string): Promise<LiveStack | undefined> {
  const described = await callAws(`reading stack ${stackName}`, () => cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((e: unknown) => {
    if (doesNotExist(e)) return undefined;
    throw e;
  }), { awsProfile });
  const stack = described?.Stacks?.[0];
  if (!stack) return undefined;
  // a stack only reviewed (an earlier run stopped before executing) has no template of its own
  const template = stack.StackStatus === 'REVIEW_IN_PROGRESS' ? { TemplateBody: '' }
    : await callAws(`reading the template of ${stackName}`, () => cfn.send(new GetTemplateCommand({ StackName: stackName })), { awsProfile });
  const status = stack.StackStatus ?? 'UNKNOWN';
  return {
    ...(HOLDS_LEFTOVERS.has(status) ? { remaining: await remainingResources(cfn, stackName, awsProfile) } : {}),
    stackId: stack.StackId ?? stackName,
    status,
    statusReason: stack.StackStatusReason,
    lastUpdated: stack.LastUpdatedTime ?? stack.CreationTime,
    parameters: Object.fromEntries((stack.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? ''])),
    tags: Object.fromEntries((stack.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
    templateBody: template.TemplateBody ?? '',
  };
}

// a failed create (rollback disabled or failed) or a failed delete can leave resources behind,
// such as a database whose deletion protection stopped the delete
const HOLDS_LEFTOVERS = new Set(['CREATE_FAILED', 'ROLLBACK_FAILED', 'DELETE_FAILED']);

async function remainingResources(cfn: CloudFormationClient, stackName: string, awsProfile?: string): Promise<NonNullable<LiveStack['remaining']>> {
  const out: NonNullable<LiveStack['remaining']> = [];
  let token: string | undefined;
  do {
    const page = await callAws(`listing what is left of ${stackName}`, () => cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token })), { awsProfile });
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceStatus === 'DELETE_COMPLETE' || r.ResourceStatus === 'DELETE_SKIPPED' || !r.PhysicalResourceId) continue;
      out.push({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', physicalId: r.PhysicalResourceId, status: r.ResourceStatus ?? '' });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

export const isBusy = (status: string) => status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
export const isStableSuccess = (status: string) => ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'].includes(status);
/** a stack that exists but failed: an update brings it back (UPDATE_ROLLBACK_COMPLETE keeps its resources) */
export const isRecoverableFailure = (status: string) => ['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_FAILED', 'IMPORT_ROLLBACK_COMPLETE'].includes(status);
/** cannot be updated, only deleted and created again; whether it still holds resources is in `remaining` */
export const isDeadOnArrival = (status: string) => ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_FAILED'].includes(status);
