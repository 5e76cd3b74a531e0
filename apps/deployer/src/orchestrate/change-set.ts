// One stack's change set: create it, wait until CloudFormation has computed it (the SDK
// waiter), read its resource changes, or delete it. "No changes" is an answer, not an error.
import {
  CreateChangeSetCommand, DeleteChangeSetCommand, DeleteStackCommand, DescribeChangeSetCommand, waitForChangeSetCreateComplete,
  type Change, type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { executionRoleOfAccount } from '../bootstrap/execution-role-of-account.ts';
import { callAws, fromAws } from './aws-call.ts';
import { runWaiter, type WaiterTiming } from './run-waiter.ts';

export interface ResourceChange {
  action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic' | 'SyncWithActual';
  logicalId: string;
  type: string;
  replacement: 'True' | 'False' | 'Conditional' | undefined;
  /** the properties whose change replaces the resource, or may (the change set's Details) */
  causes?: string[];
}

export interface CreatedChangeSet {
  id: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  parameters: Record<string, string>;
  /** undefined: CloudFormation found nothing to change (the change set was deleted) */
  changes: ResourceChange[] | undefined;
}

export interface ChangeSetRequest {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  templateBody: string;
  /** where the template was uploaded when it is too big to send inline (TemplateURL, up to 1 MB) */
  templateUrl?: string | undefined;
  parameters: Record<string, string>;
  tags: Record<string, string>;
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

/** The ClientToken of a change set: the same for every retry of one request, at most 128 characters. */
export const changeSetClientToken = (req: Pick<ChangeSetRequest, 'stackName' | 'changeSetName'>): string => `${req.changeSetName}-${req.stackName}`.slice(0, 128);

export async function createChangeSet(cfn: CloudFormationClient, req: ChangeSetRequest, timing: WaiterTiming, awsProfile?: string, signal?: AbortSignal): Promise<CreatedChangeSet> {
  // after cagw bootstrap, CloudFormation acts as the bootstrap's execution role on every stack
  const roleArn = await executionRoleOfAccount(cfn);
  const created = await callAws(`creating change set for ${req.stackName}`, () => cfn.send(new CreateChangeSetCommand({
    // the SDK retries a request whose answer was lost; the token makes that retry the same
    // change set instead of an AlreadyExistsException (CreateChangeSet, ClientToken)
    ClientToken: changeSetClientToken(req),
    StackName: req.stackName,
    ChangeSetName: req.changeSetName,
    ChangeSetType: req.type,
    ...(req.templateUrl ? { TemplateURL: req.templateUrl } : { TemplateBody: req.templateBody }),
    Parameters: Object.entries(req.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    Tags: Object.entries(req.tags).map(([Key, Value]) => ({ Key, Value })),
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    ...(roleArn ? { RoleARN: roleArn } : {}),
  })), { awsProfile, throttleRetries: 3 });
  const id = created.Id ?? req.changeSetName;
  // FAILED is also how CloudFormation says "nothing to change": the reason is read below
  const waited = await runWaiter(waitForChangeSetCreateComplete, cfn, timing, { ChangeSetName: id, StackName: req.stackName }, {
    doing: `waiting for the change set of ${req.stackName}`, where: req.stackName, signal, awsProfile,
  }).catch(async (e: unknown) => {
    // Ctrl-C: a change set cannot be deleted while it is computed, but the empty stack a CREATE
    // made can, and its change sets go with it; an UPDATE's is left for the next run to replace
    if (CagwError.is(e) && e.code === 'DeployInterrupted' && req.type === 'CREATE') {
      await cfn.send(new DeleteStackCommand({ StackName: req.stackName })).catch(() => undefined);
    }
    throw e;
  });
  const described = await describeChanges(cfn, id, req.stackName, awsProfile);
  if (described.status !== 'CREATE_COMPLETE' && described.status !== 'FAILED') {
    // only a computed change set may run: executing one still being made is refused, or worse
    throw new CagwError('ChangeSetNotReady', `the change set of ${req.stackName} is still ${described.status ?? 'unknown'} after ${waited === 'TIMEOUT' ? `${Math.round(timing.maxWaitTime / 60)} minutes` : 'the wait'}; it was not executed`, {
      source: 'aws', where: req.stackName,
      fix: `see whether CloudFormation finishes it (aws cloudformation describe-change-set --change-set-name ${id}), then re-run cagw deploy, which makes a new one`,
    });
  }
  if (described.status === 'FAILED') {
    if (NO_CHANGES.test(described.reason ?? '')) {
      await deleteChangeSet(cfn, id, req.stackName, awsProfile);
      return { id, stackName: req.stackName, type: req.type, parameters: req.parameters, changes: undefined };
    }
    throw fromAws(Object.assign(new Error(described.reason ?? 'change set failed'), { name: 'ChangeSetFailed' }), `creating change set for ${req.stackName}`, awsProfile);
  }
  return { id, stackName: req.stackName, type: req.type, parameters: req.parameters, changes: described.changes };
}

async function describeChanges(cfn: CloudFormationClient, id: string, stackName: string, awsProfile?: string) {
  const changes: ResourceChange[] = [];
  let token: string | undefined;
  let status: string | undefined;
  let reason: string | undefined;
  do {
    const page = await callAws(`reading change set of ${stackName}`, () => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: stackName, NextToken: token })), { awsProfile });
    status = page.Status;
    reason = page.StatusReason;
    changes.push(...(page.Changes ?? []).flatMap(toResourceChange));
    token = page.NextToken;
  } while (token);
  return { status, reason, changes };
}

function toResourceChange(c: Change): ResourceChange[] {
  const r = c.ResourceChange;
  if (!r) return [];
  const causes = (r.Details ?? []).filter((d) => d.Target?.Attribute === 'Properties' && d.Target.RequiresRecreation !== 'Never' && d.Target.Name).map((d) => d.Target?.Name as string);
  return [{
    action: (r.Action ?? 'Dynamic') as ResourceChange['action'], logicalId: r.LogicalResourceId ?? '?', type: r.ResourceType ?? '?', replacement: r.Replacement as ResourceChange['replacement'],
    ...(causes.length > 0 ? { causes: [...new Set(causes)] } : {}),
  }];
}

export async function deleteChangeSet(cfn: CloudFormationClient, id: string, stackName: string, awsProfile?: string): Promise<void> {
  await callAws(`deleting change set of ${stackName}`, () => cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: stackName })), { awsProfile });
}
