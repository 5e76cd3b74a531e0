// cagw destroy: delete every stack of the profile, dependants first, after the person types
// the stack prefix. The database ends in a final snapshot (its name is printed).
import { RDSClient } from '@aws-sdk/client-rds';
import type { STSClient } from '@aws-sdk/client-sts';
import { CagwError } from '@cagw/errors';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Settings } from '@cagw/profile';
import { defineCommand } from '../cli/command-spec.ts';
import { askOnTerminal } from '../cli/confirm-prompt.ts';
import { describeError } from '../cli/cli-io.ts';
import { createDeployClients } from '../cli/deploy-aws-clients.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { EventLines, LiveStackBoard } from '../cli/stack-board.ts';
import { UsageError } from '../cli/usage-error.ts';
import { destroyDeployment, type DestroyClients, type DestroyOptions, type DestroyOutcome } from '../orchestrate/destroy-deployment.ts';
import { deploymentDashboardNames } from '../orchestrate/deployment-dashboards.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { findSwitchedOffStacks } from '../orchestrate/switched-off-stacks.ts';
import { stagingTargetOf, type StagingTarget } from '../orchestrate/staging-bucket.ts';
import type { HeldLock } from '../lock/profile-lock.ts';
import { takeProfileLock } from '../lock/take-profile-lock.ts';
import { appendHistory, profileDigestOf } from '../state/history-store.ts';

const USAGE = 'cagw destroy --profile FILE [--yes --confirm PREFIX] [--json]';

export interface DestroyDeps {
  env: NodeJS.ProcessEnv;
  clients(settings: Settings): DestroyClients;
  /** the account and region the template staging bucket is named from (sts:GetCallerIdentity) */
  stagingTarget?(settings: Settings): () => Promise<StagingTarget>;
  /** who this run is (sts:GetCallerIdentity), for the profile's lock in the state bucket; no lock without it */
  sts?(settings: Settings): STSClient;
  ask(question: string): Promise<string>;
  stderr: { write(s: string): unknown };
  live: boolean;
  onInterrupt(handler: () => void): () => void;
  tuning?: Pick<DestroyOptions, 'timing' | 'eventPollMs'>;
}

export const systemDestroyDeps = (): DestroyDeps => ({
  env: process.env,
  clients: (settings) => {
    const { cfn, secrets, cloudwatch, s3 } = createDeployClients(settings);
    const rds = new RDSClient({ region: settings.AWS_REGION, credentials: fromNodeProviderChain(settings.AWS_PROFILE ? { profile: settings.AWS_PROFILE } : {}) });
    return { cfn, secrets, rds, cloudwatch, s3 };
  },
  stagingTarget: (settings) => {
    const { sts } = createDeployClients(settings);
    return stagingTargetOf(sts as NonNullable<typeof sts>, settings.AWS_REGION, settings.AWS_PROFILE);
  },
  sts: (settings) => createDeployClients(settings).sts as STSClient,
  ask: (q) => askOnTerminal(q),
  stderr: process.stderr,
  live: process.stderr.isTTY === true && !process.env.CI,
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
});

const destroyFlags = {
  profile: profileFlag,
  yes: { type: 'boolean', short: 'y', desc: 'do not ask; needs --confirm with the stack prefix' },
  confirm: { type: 'string', value: 'PREFIX', desc: 'the stack prefix, typed in advance (with --yes)' },
  json: { type: 'boolean', desc: 'print { result, deleted, finalSnapshot, secretsDeleted, retained, validationRecordsLeft, dashboardsDeleted, stagingBucketKept } as one JSON document' },
} as const;
const lockingDestroyFlags = {
  ...destroyFlags,
  'break-lock': { type: 'boolean', desc: "break the profile's lock a crashed run left in the state bucket (shows its holder and asks first, unless --yes)" },
} as const;

export function makeDestroyCommand(deps: () => DestroyDeps = systemDestroyDeps) {
  return defineCommand({
    name: 'destroy',
    summary: 'Delete every stack of the profile (dependants first) after you type its stack prefix',
    details: [
      'The database is deleted with a final snapshot, whose name is printed. Deleted secrets are purged',
      'without a recovery window, so the next deploy is not blocked. Resources kept on purpose (the',
      'database password with its snapshot, ECR repository, Cognito user pool) are listed, and so are',
      "ACM's DNS-validation records, which stay in the public hosted zone. The dashboards deploy put in",
      'place are deleted. The template staging bucket (cagw-templates-<account>-<region>) is kept: every',
      'cagw deployment in the account and region shares it. A stack CloudFormation is still working on',
      'stops the destroy before anything is deleted. A collector, VPN or Cognito stack deployed before the',
      'profile switched it off is named, with what deleting it does, and deleted too.',
      'In CI: --yes --confirm <STACK_PREFIX>.',
    ].join('\n'),
    // typed as destroyFlags: --break-lock is read as an optional flag
    flags: lockingDestroyFlags as unknown as typeof destroyFlags,
    async run(flags, _positionals, io) {
      const d = deps();
      const settings = loadProfile(flags.profile, io, d.env);
      const prefix = settings.STACK_PREFIX;
      if (flags.yes && flags.confirm !== prefix) throw new UsageError(`--yes needs --confirm ${prefix} (the STACK_PREFIX of this profile)`, USAGE);
      const { plan: profilePlan } = await planFromSettings(settings, { requireCollectorImage: false, profileName: profileName(flags.profile) });
      const clients = d.clients(settings);
      // A collector, VPN or Cognito stack deployed before the profile switched it off goes too:
      // left behind, the collector and VPN would keep the network from going.
      const switchedOff = await findSwitchedOffStacks(clients.cfn, settings, profilePlan, settings.AWS_PROFILE);
      const plan = { ...profilePlan, nodes: [...profilePlan.nodes, ...switchedOff.map((s) => s.plan)] };
      const names = profilePlan.nodes.flatMap((n) => (n.kind === 'stack' ? [n.stackName] : []));
      if (!flags.yes) {
        io.info(`this deletes whichever of ${names.join(', ')} exist in ${settings.AWS_REGION}, with a final database snapshot; their secrets are purged (retained ones are listed)`);
        for (const s of switchedOff) io.info(`it also deletes ${s.stackName} (${s.status}), which ${s.variable} no longer deploys: ${s.whatHappens}`);
        const typed = await d.ask(`type the stack prefix (${prefix}) to go on:`);
        if (typed !== prefix) {
          io.info('nothing was deleted');
          return 1;
        }
      }
      // one run of the profile at a time (docs/team.md): taken after the question, before any delete
      let lock: HeldLock | undefined;
      if (d.sts && clients.s3) {
        try {
          lock = await takeProfileLock({
            s3: clients.s3, sts: d.sts(settings), region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile), command: 'cagw destroy',
            breakLock: (flags as { 'break-lock'?: boolean })['break-lock'] === true,
            confirmBreak: async (q) => flags.yes || /^y(es)?$/i.test((await d.ask(`${q} [y/N]`)).trim()), info: (line) => io.warn(line),
          });
        } catch (e) {
          if (!CagwError.is(e) || e.code !== 'ProfileLocked') throw e;
          io.error(describeError(e), e.code);
          return 1;
        }
      }
      try {
        return await destroyUnderLock();
      } finally {
        if (lock && (await lock.release()) === 'lost') io.warn(`the lock of profile ${profileName(flags.profile)} was broken by another operator during this destroy: check what they ran`);
      }
      async function destroyUnderLock(): Promise<number> {
        const view = d.live && !flags.json ? new LiveStackBoard(d.stderr) : new EventLines(d.stderr);
        const controller = new AbortController();
        const stop = d.onInterrupt(() => controller.abort());
        let outcome: DestroyOutcome;
        try {
          outcome = await destroyDeployment(plan, clients, {
            host: { progress: (p) => view.update(p), notify: (n) => io.info(n.text) }, signal: controller.signal, awsProfile: settings.AWS_PROFILE, ...d.tuning,
            dashboards: deploymentDashboardNames(settings), stagingTarget: d.stagingTarget?.(settings),
          });
        } finally {
          stop();
          view.stop();
        }
        // one record in the profile's deploy history (state/history-store.ts); a failure to write it only warns
        if (d.sts && clients.s3) {
          await appendHistory({ s3: clients.s3, sts: d.sts(settings), region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile) }, {
            command: 'cagw destroy', result: outcome.result, profileDigest: settings.profilePath ? profileDigestOf(settings.profilePath) : '', gatewayVersion: settings.CLAUDE_VERSION,
            stacks: [...outcome.deleted.map((name) => ({ name, outcome: 'deleted' })), ...outcome.stillDeleting.map((name) => ({ name, outcome: 'still-deleting' }))],
          }).catch((e: unknown) => io.warn(`this destroy was not added to the profile's deploy history (cagw state history): ${describeError(e)}`));
        }
        if (flags.json) io.result({ ...outcome, failure: outcome.failure ? { code: outcome.failure.code, message: outcome.failure.message, fix: outcome.failure.fix } : undefined });
        else io.result(formatDestroy(outcome));
        if (outcome.result === 'interrupted') {
          for (const s of outcome.stillDeleting) io.error(`${s} is still being deleted: follow with  aws cloudformation describe-stack-events --stack-name ${s}`);
          return 130;
        }
        if (outcome.failure) {
          io.error(describeError(outcome.failure));
          return 1;
        }
        return 0;
      }
    },
  });
}

function formatDestroy(o: DestroyOutcome): string {
  const outsideStacks = [
    ...(o.dashboardsDeleted.length > 0 ? [`dashboards       ${o.dashboardsDeleted.join(', ')} deleted`] : []),
    // shared by every cagw deployment in the account and region, so no one destroy removes it
    ...(o.stagingBucketKept ? [`kept (shared)    S3 bucket ${o.stagingBucketKept}, where cagw stages templates over 51,200 bytes for every deployment in this account and region; once none is left: empty it (all versions) in the S3 console, then aws s3api delete-bucket --bucket ${o.stagingBucketKept}`] : []),
  ];
  if (o.result === 'nothing-deployed') return ['no stack of this profile exists: nothing to delete', ...outsideStacks].join('\n');
  return [
    `deleted          ${o.deleted.join(', ') || '(none)'}`,
    `final snapshot   ${o.finalSnapshot ?? '(no database)'}`,
    `secrets deleted  ${o.secretsDeleted.length}`,
    ...o.retained.map((r, i) => `${i === 0 ? 'kept on purpose  ' : '                 '}${r.type} ${r.physicalId} (stack ${r.stack}); delete by hand if unwanted`),
    // CloudFormation never deletes the CNAME ACM validated through: another certificate for the
    // same name may share it (AWS::CertificateManager::Certificate DomainValidationOption)
    ...o.validationRecordsLeft.map((v, i) => `${i === 0 ? 'left in DNS      ' : '                 '}ACM's DNS-validation CNAME for ${v.domain} in public zone ${v.hostedZoneId}; harmless and reused by a new certificate for the name; to remove it: aws route53 list-resource-record-sets --hosted-zone-id ${v.hostedZoneId} --query "ResourceRecordSets[?Type=='CNAME']"`),
    ...outsideStacks,
  ].join('\n');
}

export const destroyCommand = makeDestroyCommand();
