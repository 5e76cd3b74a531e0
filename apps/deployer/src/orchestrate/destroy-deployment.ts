// Deletes a deployment's stacks in reverse dependency order (a stack goes only after every
// stack that reads its outputs is gone), independent ones at once. The database's deletion
// protection is lifted just before its stack goes, so CloudFormation takes the final
// snapshot (DeletionPolicy: Snapshot), whose name is reported. The stacks' deleted secrets are
// then purged without a recovery window, so no tombstone blocks the next deploy; retained ones
// (the database password, kept with its snapshot) are listed instead. A stack CloudFormation
// is working on is not deleted: DeleteStack is refused during *_IN_PROGRESS. The dashboards deploy
// put in place (PutDashboard, outside any stack) go too. The template staging bucket is shared by
// every cagw deployment in the account and region, so it is kept, and said to be kept.
import { ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, waitForDBInstanceAvailable, type RDSClient } from '@aws-sdk/client-rds';
import { DeleteSecretCommand, DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseTemplate } from '@cagw/cloudformation';
import { CagwError } from '@cagw/errors';
import { callAws } from './aws-call.ts';
import { deleteDashboards } from './delete-dashboards.ts';
import { stagingBucketName, stagingBucketState, type StagingTarget } from './staging-bucket.ts';
import type { WaiterTiming } from './run-waiter.ts';
import type { DeployHost } from './deploy-host.ts';
import { busyFix } from './deploy-reason.ts';
import { isBusy, readLiveStack, type LiveStack } from './live-stack.ts';
import { runWaiter } from './run-waiter.ts';
import { StackGraph } from './stack-graph.ts';
import type { DeploymentPlan, StackPlan } from './stack-plan.ts';
import { waitForStack } from './wait-for-stack.ts';

export interface DestroyClients {
  cfn: CloudFormationClient;
  rds: RDSClient;
  secrets: SecretsManagerClient;
  /** the dashboards' service; without it no dashboard is deleted */
  cloudwatch?: CloudWatchClient;
  /** to find the template staging bucket and say it is kept */
  s3?: S3Client;
}

export interface DestroyOutcome {
  result: 'destroyed' | 'nothing-deployed' | 'failed' | 'interrupted';
  deleted: string[];
  finalSnapshot: string | undefined;
  secretsDeleted: string[];
  /** resources kept on purpose (DeletionPolicy: Retain), to remove by hand if wanted */
  retained: { stack: string; logicalId: string; type: string; physicalId: string }[];
  failure?: CagwError;
  stillDeleting: string[];
  /** ACM's DNS-validation CNAMEs, which CloudFormation leaves in the public zone when a certificate goes */
  validationRecordsLeft: { stack: string; domain: string; hostedZoneId: string }[];
  /** the CloudWatch dashboards deploy put in place, deleted */
  dashboardsDeleted: string[];
  /** the template staging bucket, kept because every cagw deployment in the account and region shares it */
  stagingBucketKept?: string | undefined;
}

export interface DestroyOptions {
  host: Pick<DeployHost, 'progress' | 'notify'>;
  signal?: AbortSignal | undefined;
  awsProfile?: string | undefined;
  timing?: WaiterTiming;
  eventPollMs?: number;
  concurrency?: number;
  /** the names of the dashboards deploy puts in place for this profile */
  dashboards?: readonly string[];
  /** the account and region the staging bucket is named from */
  stagingTarget?: () => Promise<StagingTarget>;
}

const DEFAULT_TIMING: WaiterTiming = { minDelay: 5, maxDelay: 30, maxWaitTime: 3 * 3600 };

export async function destroyDeployment(plan: DeploymentPlan, clients: DestroyClients, options: DestroyOptions): Promise<DestroyOutcome> {
  const { cfn } = clients;
  const timing = options.timing ?? DEFAULT_TIMING;
  const stacks = plan.nodes.filter((n): n is StackPlan => n.kind === 'stack');
  const live = new Map(await Promise.all(stacks.map(async (s) => [s.id, await readLiveStack(cfn, s.stackName, options.awsProfile)] as const)));
  const existing = stacks.filter((s) => live.get(s.id));
  const base = {
    deleted: [] as string[], finalSnapshot: undefined as string | undefined, secretsDeleted: [] as string[], retained: [] as DestroyOutcome['retained'],
    stillDeleting: [] as string[], validationRecordsLeft: [] as DestroyOutcome['validationRecordsLeft'], dashboardsDeleted: [] as string[],
  };
  // dashboards and the bucket outlive the stacks: a destroy that finds no stack still clears the dashboards
  const outsideStacks = async () => ({
    dashboardsDeleted: clients.cloudwatch ? await deleteDashboards(clients.cloudwatch, options.dashboards ?? [], options.awsProfile) : [],
    stagingBucketKept: await keptStagingBucket(clients.s3, options.stagingTarget),
  });
  if (existing.length === 0) return { ...base, ...(await outsideStacks()), result: 'nothing-deployed' };
  // DeleteStack is refused while CloudFormation works on a stack (cleanup phases included), and
  // deleting its dependants first would leave the deployment half gone: stop before anything
  const busy = existing.filter((s) => refusesDelete((live.get(s.id) as LiveStack).status));
  if (busy.length > 0) {
    const failure = new CagwError('StackBusy', busy.map((s) => `stack ${s.stackName} is ${live.get(s.id)?.status}`).join('; ') + ': nothing was deleted', {
      source: 'user', where: busy.map((s) => s.stackName).join(', '),
      fix: busy.map((s) => busyFix(s.stackName, (live.get(s.id) as LiveStack).status, 'cagw destroy')).join('; '),
    });
    return { ...base, result: 'failed', failure };
  }

  // what each stack holds, read before it is gone
  const resources = new Map<string, { logicalId: string; type: string; physicalId: string }[]>();
  for (const s of existing) resources.set(s.id, await listResources(cfn, s.stackName, options.awsProfile));
  for (const s of existing) {
    for (const id of retainedIds(s.templateBody, s.stackName)) {
      const r = resources.get(s.id)?.find((x) => x.logicalId === id);
      if (r) base.retained.push({ stack: s.stackName, ...r });
    }
  }

  // reverse the graph: a stack waits for every stack (transitively) that reads its outputs
  const forward = StackGraph.of(plan.nodes);
  const stackIds = new Set(existing.map((s) => s.id as string));
  const reversed = StackGraph.of(existing.map((s) => ({ id: s.id as string, dependsOn: forward.dependantsOf(s.id).filter((d) => stackIds.has(d)), stack: s })));
  let dbInstance: string | undefined;
  const errors = new Map<string, CagwError>();
  const states = await reversed.run({ concurrency: options.concurrency ?? 4, signal: options.signal }, async ({ stack }) => {
    try {
      const db = resources.get(stack.id)?.find((r) => r.type === 'AWS::RDS::DBInstance');
      if (db) {
        dbInstance = db.physicalId;
        options.host.progress({ node: stack.id, stackName: stack.stackName, phase: 'deleting', since: Date.now() });
        await callAws('lifting the database deletion protection', () => clients.rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: db.physicalId, DeletionProtection: false, ApplyImmediately: true })), { awsProfile: options.awsProfile });
        const waited = await runWaiter(waitForDBInstanceAvailable, clients.rds, timing, { DBInstanceIdentifier: db.physicalId }, {
          doing: `waiting for database ${db.physicalId} to apply the change`, where: db.physicalId, signal: options.signal, awsProfile: options.awsProfile,
        });
        if (waited !== 'SUCCESS') {
          throw new CagwError('DatabaseNotAvailable', `database ${db.physicalId} did not become available after its deletion protection was lifted (${waited === 'TIMEOUT' ? 'timed out' : 'it is deleted, failed or stopped'})`, {
            source: 'aws', where: db.physicalId,
            fix: `look at it (aws rds describe-db-instances --db-instance-identifier ${db.physicalId}); once it is available, re-run cagw destroy`,
          });
        }
      }
      options.host.progress({ node: stack.id, stackName: stack.stackName, phase: 'deleting', since: Date.now() });
      const since = new Date();
      await callAws(`deleting ${stack.stackName}`, () => cfn.send(new DeleteStackCommand({ StackName: stack.stackName })), { awsProfile: options.awsProfile });
      await waitForStack(cfn, stack.stackName, 'delete', since, {
        timing, eventPollMs: options.eventPollMs ?? 5000, signal: options.signal, awsProfile: options.awsProfile,
        onEvent: (event) => options.host.progress({ node: stack.id, stackName: stack.stackName, phase: 'deleting', since: Date.now(), event }),
      });
      options.host.progress({ node: stack.id, stackName: stack.stackName, phase: 'completed', since: Date.now() });
      base.deleted.push(stack.stackName);
      if (resources.get(stack.id)?.some((r) => r.type === 'AWS::CertificateManager::Certificate')) {
        const p = (live.get(stack.id) as LiveStack).parameters;
        const domain = p.GatewayHostname ?? p.CollectorHostname;
        if (domain && p.PublicHostedZoneId) base.validationRecordsLeft.push({ stack: stack.stackName, domain, hostedZoneId: p.PublicHostedZoneId });
      }
    } catch (e) {
      const err = CagwError.is(e) ? e : new CagwError('InternalError', String((e as Error)?.message ?? e), { source: 'internal', cause: e });
      errors.set(stack.id, err);
      options.host.progress({ node: stack.id, stackName: stack.stackName, phase: 'failed', since: Date.now() });
      throw err;
    }
  });
  const interrupted = [...states].filter(([, o]) => o.state === 'interrupted').map(([id]) => existing.find((s) => s.id === id)?.stackName ?? id);
  const failure = [...errors.values()].find((e) => e.code !== 'DeployInterrupted');
  if (interrupted.length > 0 || options.signal?.aborted) return { ...base, result: 'interrupted', stillDeleting: interrupted };
  if (failure) return { ...base, result: 'failed', failure };

  if (dbInstance) base.finalSnapshot = await newestSnapshot(clients.rds, dbInstance, options.awsProfile);
  for (const s of existing) {
    for (const r of resources.get(s.id) ?? []) {
      // a retained secret stays on purpose (the database's goes with its final snapshot)
      if (r.type !== 'AWS::SecretsManager::Secret' || base.retained.some((k) => k.physicalId === r.physicalId)) continue;
      if (await deleteSecretForGood(clients.secrets, r.physicalId, options.awsProfile)) base.secretsDeleted.push(r.physicalId);
    }
  }
  return { ...base, ...(await outsideStacks()), result: 'destroyed' };
}

async function keptStagingBucket(s3: S3Client | undefined, target: (() => Promise<StagingTarget>) | undefined): Promise<string | undefined> {
  if (!s3 || !target) return undefined;
  const t = await target();
  return (await stagingBucketState(s3, t)) === 'absent' ? undefined : stagingBucketName(t);
}

/** DeleteStack is refused in every *_IN_PROGRESS but review (a delete already running is just followed). */
const refusesDelete = (status: string) => isBusy(status) && status !== 'DELETE_IN_PROGRESS';

async function listResources(cfn: CloudFormationClient, stackName: string, awsProfile?: string) {
  const out: { logicalId: string; type: string; physicalId: string }[] = [];
  let token: string | undefined;
  do {
    const page = await callAws(`listing the resources of ${stackName}`, () => cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token })), { awsProfile });
    for (const r of page.StackResourceSummaries ?? []) out.push({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', physicalId: r.PhysicalResourceId ?? '' });
    token = page.NextToken;
  } while (token);
  return out;
}

/** The resources the template keeps on delete (DeletionPolicy: Retain), from the template CloudFormation holds (YAML or JSON). */
function retainedIds(templateBody: string, stackName: string): string[] {
  const { body } = parseTemplate(templateBody, stackName);
  const resources = (body?.Resources ?? {}) as Record<string, { DeletionPolicy?: unknown }>;
  return Object.entries(resources).filter(([, resource]) => resource?.DeletionPolicy === 'Retain').map(([id]) => id);
}

async function newestSnapshot(rds: RDSClient, instance: string, awsProfile?: string): Promise<string | undefined> {
  const r = await callAws('finding the final database snapshot', () => rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instance, SnapshotType: 'manual' })), { awsProfile });
  return [...(r.DBSnapshots ?? [])].sort((a, b) => (b.SnapshotCreateTime?.getTime() ?? 0) - (a.SnapshotCreateTime?.getTime() ?? 0))[0]?.DBSnapshotIdentifier;
}

/** true when the secret existed (retained or waiting out a recovery window) and is now gone. */
async function deleteSecretForGood(secrets: SecretsManagerClient, arn: string, awsProfile?: string): Promise<boolean> {
  const found = await secrets.send(new DescribeSecretCommand({ SecretId: arn })).catch((e: unknown) => {
    if ((e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  });
  if (!found) return false;
  await callAws(`deleting secret ${arn}`, () => secrets.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true })), { awsProfile });
  return true;
}
