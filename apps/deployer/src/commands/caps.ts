// cagw caps plan | apply | reconcile | export: spend caps as code. The caps file (CAPS_FILE) says
// what the gateway's admin API should hold; plan shows the difference, apply makes it (one
// confirmation) and prints the audit ids, reconcile --once makes it with no question and looks
// unseen users up in the IdP (what the scheduled reconciler runs), export writes the live caps.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CagwError } from '@cagw/errors';
import { formatProblem, readCapsFile, type CapsFile, type Settings } from '@cagw/profile';
import { waitUntilServicesStable } from '@aws-sdk/client-ecs';
import { confirmOnTerminal } from '../cli/confirm-prompt.ts';
import { createDeployClients, type DeployClients } from '../cli/deploy-aws-clients.ts';
import { describeError, type CliIo } from '../cli/cli-io.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { deployedAdminTarget, localAdminTarget, type AdminTarget } from '../caps/admin-target.ts';
import { publicChange } from '../caps/caps-plan.ts';
import { applyPlan, capsFileYaml, exportCaps, planAgainstGateway } from '../caps/caps-workflow.ts';
import { formatApplied, formatCapsPlan, formatChange } from '../caps/format-caps.ts';
import { gatewayService, newAdminKey, rotateAdminKey } from '../caps/rotate-admin-key.ts';
import { spendLimitsAdmin } from '../caps/spend-limits-admin.ts';
import { localStateDir } from '../local/state-dir.ts';
import { readRunningSession } from '../local/session-file.ts';
import { cognitoPoolOf, cognitoUserDirectory } from '../caps/cognito-user-directory.ts';
import { reconcileCaps, type ReconcileResult } from '../caps/reconcile-caps.ts';
import { localUserDirectory, type UserDirectory } from '../caps/user-directory.ts';
import { bucketSentWarningsStore, localSentWarningsStore } from '../caps/sent-warnings-store.ts';
import { NO_CHANNEL_FIX, warningChannels } from '../caps/warning-channels.ts';
import { takeProfileLock } from '../lock/take-profile-lock.ts';
import type { HeldLock } from '../lock/profile-lock.ts';
import type { StateAccess } from '../state/rollback-store.ts';

const USAGE = 'cagw caps plan|apply|reconcile --once|export|rotate-admin-key [--profile FILE] [--local] [--url URL] [--prune] [--yes] [--json] [--out FILE] [--detailed-exitcode] [--break-lock]';
const SUBS = ['plan', 'apply', 'reconcile', 'export', 'rotate-admin-key'] as const;

export const capsCommand = defineCommand({
  name: 'caps',
  summary: "Spend caps as code: plan, apply or export the gateway's caps from the profile's CAPS_FILE",
  details: [
    'The caps file (CAPS_FILE, YAML, dollars) names the organisation cap, group caps and user caps',
    'by email, per period (daily, weekly, monthly). Emails are resolved to OIDC subjects through the',
    'gateway; a user it has not seen yet is reported as pending. Caps not in the file are deleted only',
    'with --prune. The deployed gateway is reached at its URL with the write key from Secrets Manager',
    '(GATEWAY_ADMIN_WRITE_KEY_ARN); --local reaches the gateway cagw local runs for the same profile.',
    'The key goes over https only (plain http only to 127.0.0.1, as cagw local serves), to the profile\'s',
    'gateway or a loopback tunnel, and never after a redirect.',
    '',
    'With --detailed-exitcode, plan exits 0 when the gateway already holds the file\'s caps, 2 when it',
    'would change something (users still pending do not count: apply cannot cap them yet), and 1 on any',
    'error, a mistyped command line included, as terraform plan -detailed-exitcode does.',
    '',
    'Examples:',
    '  cagw caps plan --profile profiles/my.env',
    '  cagw caps plan --profile profiles/my.env --detailed-exitcode   # in CI: 2 means drift',
    '  cagw caps apply --profile profiles/my.env --yes',
    '  cagw caps export --profile profiles/my.env --out caps.yaml',
    '  cagw caps plan --profile profiles/local.env --local',
    '  cagw caps reconcile --once --profile profiles/my.env --json',
    '  cagw caps rotate-admin-key --profile profiles/my.env',
    '',
    'rotate-admin-key puts a new random write key into GATEWAY_ADMIN_WRITE_KEY_ARN (the old one stays as',
    'its AWSPREVIOUS version), rolls the gateway service so its tasks load it, waits for the roll and',
    'checks the gateway accepts the new key. cagw caps keeps working throughout: it holds both versions',
    'and retries a refused call with the other. The deployed gateway only (cagw local --reset makes a new',
    'local key). Needs secretsmanager:PutSecretValue and ecs:UpdateService. See docs/caps.md.',
    '',
    'reconcile --once runs one pass of the reconciler: apply with no question, after looking up each',
    'user the gateway has not seen in the Cognito pool (cognito-idp:ListUsers by email; with --local the',
    'cagw local issuer\'s users), so their cap holds before their first request. It prints',
    '{"applied":[...],"pending":[...],"warnings":[...],"notes":[...]} with --json. A second pass changes nothing.',
    'It then sends the warnings before a cap, from the gateway\'s own spend: at each SPEND_CAP_WARN_PERCENTS',
    'and at 100 % of the cap that applies to a user (their own, their group\'s, the organisation\'s), once per',
    'threshold per period, to CAP_WARNING_TOPIC_ARN (default: the observability stack\'s alarm topic) and the',
    'webhook whose address the secret CAP_WARNING_WEBHOOK_URL_ARN holds; "warnings" lists those sent. What was',
    'sent is kept in the state bucket (with --local, in the local state folder).',
    '',
    'apply and reconcile take the profile\'s lock in the state bucket, as deploy does (not with --local);',
    '--break-lock breaks the lock of a crashed run.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    local: { type: 'boolean', desc: 'the gateway cagw local runs for this profile, with its own admin key' },
    'state-dir': { type: 'string', value: 'DIR', desc: 'with --local: the state directory of that cagw local (default .cagw/local/<profile name>)' },
    url: { type: 'string', value: 'URL', desc: "the deployed gateway's address, when not the profile's (e.g. through a tunnel)" },
    prune: { type: 'boolean', desc: 'also delete live caps the caps file does not mention' },
    yes: { type: 'boolean', short: 'y', desc: 'apply without asking (needed without a terminal)' },
    json: { type: 'boolean', desc: 'plan: { changes: [{ action, scope, period, from, to }], pending: [...] }; apply: the changes with audit ids' },
    out: { type: 'string', value: 'FILE', desc: 'export: write the caps file here instead of stdout' },
    once: { type: 'boolean', desc: 'reconcile: one pass, then exit (the scheduled reconciler makes the passes in the account)' },
    'break-lock': { type: 'boolean', desc: "apply, reconcile: break the profile's lock a crashed run left in the state bucket (shows its holder and asks first, unless --yes)" },
    'detailed-exitcode': { type: 'boolean', desc: 'plan: exit 0 with no changes, 2 with changes pending, 1 on an error (as terraform plan)' },
  },
  positionals: [{ name: 'plan|apply|reconcile|export|rotate-admin-key', desc: 'what to do' }],
  async run(flags, positionals, io) {
    const [sub] = positionals;
    if (!SUBS.includes(sub as (typeof SUBS)[number])) throw new UsageError(sub ? `unknown sub-command "${sub}" for cagw caps` : 'say plan, apply, reconcile --once, export or rotate-admin-key', USAGE);
    if (sub === 'reconcile' && !flags.once) throw new UsageError('cagw caps reconcile makes one pass with --once (the scheduled reconciler in the account makes the repeated ones)', USAGE);
    if (flags.once && sub !== 'reconcile') throw new UsageError(`--once goes with cagw caps reconcile, not ${sub}`, USAGE);
    if (sub === 'rotate-admin-key' && flags.local) throw new UsageError('rotate-admin-key rotates the deployed gateway\'s key; cagw local keeps its own in its state folder (cagw local --reset makes a new one)', USAGE);
    if (flags.local && flags.url) throw new UsageError('--local and --url name two different gateways; pass one', USAGE);
    if (flags['detailed-exitcode'] && sub !== 'plan') throw new UsageError(`--detailed-exitcode goes with cagw caps plan, not ${sub}`, USAGE);
    const settings = loadProfile(flags.profile, io);
    const target: AdminTarget = flags.local
      ? localAdminTarget(flags['state-dir'] ?? localStateDir(flags.profile, process.cwd()))
      : await deployedAdminTarget(settings, flags.url);
    const admin = spendLimitsAdmin(target.url, target.previousKey ? [target.apiKey, target.previousKey] : target.apiKey);

    if (sub === 'rotate-admin-key') return rotateCommand(settings, target, flags, io);

    if (sub === 'export') {
      const empty: CapsFile = { organization: {}, groups: {}, users: {} };
      const report = await planAgainstGateway(admin, empty, false);
      const { file, unnamed } = exportCaps(report.live, report.emailOfSub);
      for (const scope of unnamed) io.warn(`${scope}: the gateway no longer knows this user's email, so the caps file cannot name them; they stay live (cagw caps apply --prune would delete them)`);
      const yaml = capsFileYaml(file, [`spend caps exported from ${target.label} on ${new Date().toISOString().slice(0, 10)}`, 'dollars per period; users by the email they sign in with (set CAPS_FILE to this file)']);
      if (flags.out) {
        writeFileSync(flags.out, yaml);
        io.info(`wrote ${report.live.length - unnamed.length} cap(s) to ${flags.out}; point CAPS_FILE at it`);
      } else io.result(yaml.trimEnd());
      return 0;
    }

    const file = readProfileCaps(settings);
    if (sub === 'reconcile') {
      const stateDir = flags['state-dir'] ?? localStateDir(flags.profile, process.cwd());
      const clients = createDeployClients(settings);
      const reconcileOnce = async () => {
        const directory = flags.local ? localUserDirectory(readRunningSession(stateDir).users) : await deployedDirectory(settings);
        const channels = await warningChannels(settings, { secrets: () => clients.secrets, cfn: flags.local ? undefined : clients.cfn });
        const store = flags.local ? localSentWarningsStore(stateDir) : bucketSentWarningsStore(stateAccess(settings, clients, flags.profile));
        // the gateway's own warnings: the profile's percentages and the cap itself (SPEND_CAP_WARN_PERCENTS stops at 99)
        const warn = { percents: [...settings.SPEND_CAP_WARN_PERCENTS, 100], channels, noChannelFix: NO_CHANNEL_FIX, store };
        return reconcileCaps(admin, file, { prune: flags.prune, directory, warn });
      };
      const result = flags.local ? await reconcileOnce() : await underProfileLock(settings, clients, flags, 'cagw caps reconcile', io, reconcileOnce);
      if (result === undefined) return 1;
      if (flags.json) io.result(result);
      else io.result(formatReconcile(result, target.label));
      return 0;
    }
    const report = await planAgainstGateway(admin, file, flags.prune);
    if (sub === 'plan') {
      if (flags.json) io.result({ changes: report.changes.map(publicChange), pending: report.pending, kept: report.kept, effective: report.affected });
      else io.result(formatCapsPlan(report, target.label));
      return flags['detailed-exitcode'] && report.changes.length > 0 ? 2 : 0;
    }

    if (!flags.json) io.info(formatCapsPlan(report, target.label));
    if (report.changes.length > 0 && !flags.yes) {
      const go = await confirmOnTerminal(`Make these ${report.changes.length} change(s) on ${target.label}?`, false);
      if (!go) {
        io.info('nothing changed');
        return 1;
      }
    }
    // the deployed gateway's caps change under the profile lock, as deploy and destroy do (docs/team.md)
    const applied = flags.local ? await applyPlan(admin, report) : await underProfileLock(settings, createDeployClients(settings), flags, 'cagw caps apply', io, () => applyPlan(admin, report));
    if (applied === undefined) return 1;
    if (flags.json) {
      io.result({ changes: applied.map(({ change, capId, auditId }) => ({ ...publicChange(change), id: capId, auditId })), pending: report.pending });
    } else io.result(formatApplied(applied, target.label));
    return 0;
  },
});

// a few calls, so that a load balancer over several tasks lets each answer at least once in all likelihood
const CHECK_CALLS = 4;
const ROLL_WAIT_SECONDS = 30 * 60;

async function rotateCommand(settings: Settings, target: AdminTarget, flags: { yes: boolean; json: boolean }, io: CliIo): Promise<number> {
  const arn = settings.GATEWAY_ADMIN_WRITE_KEY_ARN as string;
  // a fleet still holding the previous key would lose it: the previous rotation must have rolled
  const current = spendLimitsAdmin(target.url, target.apiKey);
  for (let i = 0; i < CHECK_CALLS; i += 1) {
    await current.list().catch((error: unknown) => {
      if (CagwError.is(error) && error.code === 'AdminKeyRefused') {
        throw new CagwError('AdminKeyRotationPending', `the gateway at ${target.label} does not accept the current version of GATEWAY_ADMIN_WRITE_KEY_ARN on every task: an earlier rotation has not rolled out`, {
          source: 'user', where: 'GATEWAY_ADMIN_WRITE_KEY_ARN',
          fix: 'wait for the gateway service to finish its roll (cagw status), or roll it (aws ecs update-service --force-new-deployment), then run rotate-admin-key again',
        });
      }
      throw error;
    });
  }
  const clients = createDeployClients(settings);
  const service = await gatewayService(clients.cfn, settings.stackNames.gateway);
  if (!flags.yes && !(await confirmOnTerminal(`Put a new admin write key into ${arn} and roll ${service.cluster}/${service.service}?`, false))) {
    io.info('nothing changed');
    return 1;
  }
  const rotation = await rotateAdminKey(arn, newAdminKey(), service, clients);
  io.info(`stored the new key (version ${rotation.versionId}); the old one is the secret's AWSPREVIOUS version until the next rotation`);
  io.info(`rolling ${service.cluster}/${service.service} so its tasks load it (cagw caps keeps working with both keys meanwhile); waiting up to ${ROLL_WAIT_SECONDS / 60} minutes`);
  const waited = await waitUntilServicesStable({ client: clients.ecs, maxWaitTime: ROLL_WAIT_SECONDS }, { cluster: service.cluster, services: [service.service] }).catch((error: unknown) => ({ state: 'FAILURE', reason: error }));
  if (waited.state !== 'SUCCESS') {
    throw new CagwError('AdminKeyRotationPending', `the new admin key is stored, but ${service.service} did not finish rolling within ${ROLL_WAIT_SECONDS / 60} minutes (${waited.state})`, {
      source: 'aws', where: `${service.cluster}/${service.service}`,
      fix: 'cagw caps keeps working with both keys meanwhile; look at the rollout (cagw status), and do not rotate again before it has finished',
    });
  }
  const rotated = await deployedAdminTarget(settings, target.url === settings.publicUrl ? undefined : target.url);
  const fresh = spendLimitsAdmin(target.url, rotated.apiKey);
  for (let i = 0; i < CHECK_CALLS; i += 1) await fresh.list();
  if (flags.json) io.result({ rotated: true, versionId: rotation.versionId, cluster: service.cluster, service: service.service, deploymentId: rotation.deploymentId });
  else io.result(`rotated the admin write key of ${target.label}: every task holds the new key; the old one no longer opens the admin API`);
  return 0;
}

function stateAccess(settings: Settings, clients: DeployClients, profile: string | undefined): StateAccess {
  if (!clients.s3 || !clients.sts) throw new Error('the deploy clients have no S3 or STS client');
  return { s3: clients.s3, sts: clients.sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(profile) };
}

/** Runs `work` holding the profile's lock; undefined (after saying who holds it) when another run has it. */
async function underProfileLock<T>(settings: Settings, clients: DeployClients, flags: { profile?: string | undefined; yes: boolean; 'break-lock': boolean }, command: string, io: CliIo, work: () => Promise<T>): Promise<T | undefined> {
  const access = stateAccess(settings, clients, flags.profile);
  let lock: HeldLock;
  try {
    lock = await takeProfileLock({
      ...access, command, breakLock: flags['break-lock'],
      confirmBreak: async (question) => flags.yes || confirmOnTerminal(question, false), info: (line) => io.warn(line),
    });
  } catch (error) {
    if (!CagwError.is(error) || error.code !== 'ProfileLocked') throw error;
    io.error(describeError(error), error.code);
    return undefined;
  }
  try {
    return await work();
  } finally {
    if ((await lock.release()) === 'lost') io.warn(`the lock of profile ${access.profile} was broken by another operator during ${command}: check what they ran`);
  }
}

/** The Cognito pool of a Cognito profile as the directory of subjects; none for byo (users stay pending until seen). */
async function deployedDirectory(settings: Settings): Promise<UserDirectory | undefined> {
  const clients = createDeployClients(settings);
  const pool = await cognitoPoolOf(settings, clients.cfn);
  return pool && clients.cognito ? cognitoUserDirectory(clients.cognito, pool) : undefined;
}

function formatReconcile(result: ReconcileResult, target: string): string {
  const lines = [result.applied.length === 0 ? `caps on ${target}: nothing to do, the live caps are what the caps file says` : `caps on ${target}: ${result.applied.length} change(s) made`];
  lines.push(...result.applied.map((change) => `${formatChange(change)}   (${change.id}, audit ${change.auditId ?? 'not found'})`));
  if (result.pending.length > 0) lines.push('', 'Pending users (not capped yet):', ...result.pending.map((user) => `  ${user.email}: ${user.reason}`));
  if (result.warnings.length > 0) lines.push('', 'Warnings before a cap sent:', ...result.warnings.map((warning) => `  ${warning.text}`));
  if (result.notes.length > 0) lines.push('', 'Notes:', ...result.notes.map((note) => `  ${note}`));
  return lines.join('\n');
}

function readProfileCaps(settings: Settings): CapsFile {
  const name = settings.CAPS_FILE;
  if (!name) {
    throw new CagwError('CapsFileUnset', 'the profile names no caps file, so there is nothing to plan or apply', {
      source: 'user',
      where: settings.profilePath ?? 'environment',
      fix: 'set CAPS_FILE=caps.yaml in the profile (cagw caps export --out caps.yaml writes one from the live caps)',
    });
  }
  const path = resolve(settings.profilePath ? dirname(resolve(settings.profilePath)) : process.cwd(), name);
  // the profile has already checked the file; read again for its caps in whole cents
  const read = readCapsFile(name, readFileSync(path, 'utf8'));
  if (read.problems.length > 0) {
    throw new CagwError('CapsFileInvalid', `the caps file has ${read.problems.length} problem(s):\n${read.problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`, {
      source: 'user',
      where: path,
      fix: 'correct the caps file and run again',
    });
  }
  return read.caps;
}
