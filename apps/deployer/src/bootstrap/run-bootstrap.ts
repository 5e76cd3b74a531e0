// cagw bootstrap as steps the command runs between showing and asking, like deploy: prepare (the
// refusals, then a change set of the cagw-bootstrap stack, nothing created yet), apply (execute
// and wait, then read the outputs) or discard (the change set, and the empty stack a CREATE
// made). And its removal, only when nothing uses it.
import {
  DeleteStackCommand, ExecuteChangeSetCommand, paginateDescribeStacks, type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { DeleteObjectsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';
import { createChangeSet, deleteChangeSet, type ResourceChange } from '../orchestrate/change-set.ts';
import type { WaiterTiming } from '../orchestrate/run-waiter.ts';
import { waitForStack } from '../orchestrate/wait-for-stack.ts';
import { BOOTSTRAP_STACK_NAME } from './bootstrap-names.ts';
import { bootstrapParameters, readBootstrapStack, refuseOtherVersion, type BootstrapInput } from './bootstrap-request.ts';

export interface BootstrapOptions {
  timing: WaiterTiming;
  eventPollMs: number;
  awsProfile?: string | undefined;
  /** names the change set (one per run) */
  runId: string;
}

export interface PreparedBootstrap {
  type: 'CREATE' | 'UPDATE';
  parameters: Record<string, string>;
  /** undefined: the stack is already as asked */
  changeSetId: string | undefined;
  changes: ResourceChange[];
}

export async function prepareBootstrap(cfn: CloudFormationClient, input: BootstrapInput & { templateBody: string }, o: BootstrapOptions): Promise<PreparedBootstrap> {
  const parameters = bootstrapParameters(input);
  const existing = await readBootstrapStack(cfn, o.awsProfile);
  refuseOtherVersion(existing, input.region);
  const type = existing && existing.status !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE';
  const cs = await createChangeSet(cfn, {
    stackName: BOOTSTRAP_STACK_NAME, changeSetName: `cagw-bootstrap-${o.runId}`, type, templateBody: input.templateBody, parameters,
    // not the project tag of the deployments' stacks: deploy would take it for one of them
    tags: { 'cagw:part': 'bootstrap' },
  }, o.timing, o.awsProfile);
  return { type, parameters, changeSetId: cs.changes ? cs.id : undefined, changes: cs.changes ?? [] };
}

/** Executes the prepared change set, waits, and returns the stack's outputs. */
export async function applyBootstrap(cfn: CloudFormationClient, prepared: PreparedBootstrap, o: BootstrapOptions): Promise<Record<string, string>> {
  if (prepared.changeSetId) {
    const since = new Date();
    const id = prepared.changeSetId;
    await callAws(`executing the change set of ${BOOTSTRAP_STACK_NAME}`, () => cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id, StackName: BOOTSTRAP_STACK_NAME })), { awsProfile: o.awsProfile });
    await waitForStack(cfn, BOOTSTRAP_STACK_NAME, prepared.type === 'CREATE' ? 'create' : 'update', since, { timing: o.timing, eventPollMs: o.eventPollMs, awsProfile: o.awsProfile });
  }
  return (await readBootstrapStack(cfn, o.awsProfile))?.outputs ?? {};
}

/** Leaves the account as it was: the change set goes, and so does the empty stack a CREATE made. */
export async function discardBootstrap(cfn: CloudFormationClient, prepared: PreparedBootstrap, o: BootstrapOptions): Promise<void> {
  if (!prepared.changeSetId) return;
  if (prepared.type === 'UPDATE') return deleteChangeSet(cfn, prepared.changeSetId, BOOTSTRAP_STACK_NAME, o.awsProfile);
  // waited for, so that a bootstrap run right after does not meet the stack being deleted
  const since = new Date();
  await callAws(`removing the unused ${BOOTSTRAP_STACK_NAME} stack`, () => cfn.send(new DeleteStackCommand({ StackName: BOOTSTRAP_STACK_NAME })), { awsProfile: o.awsProfile });
  await waitForStack(cfn, BOOTSTRAP_STACK_NAME, 'delete', since, { timing: o.timing, eventPollMs: o.eventPollMs, awsProfile: o.awsProfile });
}

/**
 * Removes the bootstrap stack when nothing uses it: refused, naming them, while any stack of the
 * region runs as its execution role (CloudFormation would lose the role it deletes them with);
 * the state bucket is emptied of every version first (CloudFormation deletes only an empty
 * bucket: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html).
 */
export async function destroyBootstrap(clients: { cfn: CloudFormationClient; s3: S3Client }, region: string, o: BootstrapOptions): Promise<'destroyed' | 'absent'> {
  const existing = await readBootstrapStack(clients.cfn, o.awsProfile);
  if (!existing) return 'absent';
  const role = existing.outputs.ExecutionRoleArn;
  const users: string[] = [];
  for await (const page of paginateDescribeStacks({ client: clients.cfn }, {})) {
    for (const s of page.Stacks ?? []) if (role && s.RoleARN === role && s.StackName !== BOOTSTRAP_STACK_NAME) users.push(s.StackName ?? '?');
  }
  if (users.length > 0) {
    throw new CagwError('BootstrapInUse', `${users.join(', ')} in ${region} still run as the bootstrap's execution role, so ${BOOTSTRAP_STACK_NAME} is kept`, {
      source: 'user', where: `stack ${BOOTSTRAP_STACK_NAME} in ${region}`,
      fix: `remove those deployments first (cagw destroy --profile <their profile>), then run cagw bootstrap --destroy again`,
    });
  }
  const bucket = existing.outputs.StateBucketName;
  if (bucket) await emptyBucket(clients.s3, bucket, o.awsProfile);
  const since = new Date();
  await callAws(`deleting ${BOOTSTRAP_STACK_NAME}`, () => clients.cfn.send(new DeleteStackCommand({ StackName: BOOTSTRAP_STACK_NAME })), { awsProfile: o.awsProfile });
  await waitForStack(clients.cfn, BOOTSTRAP_STACK_NAME, 'delete', since, { timing: o.timing, eventPollMs: o.eventPollMs, awsProfile: o.awsProfile });
  return 'destroyed';
}

async function emptyBucket(s3: S3Client, Bucket: string, awsProfile?: string): Promise<void> {
  for (;;) {
    const page = await callAws(`listing the versions in ${Bucket}`, () => s3.send(new ListObjectVersionsCommand({ Bucket })), { awsProfile });
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key as string, VersionId: v.VersionId }));
    if (objects.length === 0) return;
    const deleted = await callAws(`emptying ${Bucket}`, () => s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects.slice(0, 1000), Quiet: true } })), { awsProfile });
    if ((deleted.Errors ?? []).length > 0) {
      const left = (deleted.Errors ?? []).map((e) => `${e.Key} (${e.Code})`);
      throw new CagwError('BootstrapBucketNotEmptied', `s3://${Bucket} still holds ${left.slice(0, 5).join(', ')}${left.length > 5 ? ` and ${left.length - 5} more` : ''}`, {
        source: 'aws', where: `s3://${Bucket}`, fix: 'let this identity call s3:DeleteObjectVersion on the bucket (or delete those versions in the S3 console), then run cagw bootstrap --destroy again',
      });
    }
  }
}
