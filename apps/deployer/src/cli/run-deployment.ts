// The flow behind `cagw deploy` and `cagw gateway`: profile → preflight → plan → change sets
// → the stack graph → client files → summary. Dependencies come in through DeploymentDeps so
// tests drive the whole command against fakes.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { CheckResult } from '@cagw/preflight';
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import type { RenderedGatewayConfig } from '@cagw/config-render';
import { clientSettingsFiles, clientSettingsInputOf } from '../orchestrate/client-settings.ts';
import { deployPlan, type DeployOutcome } from '../orchestrate/deploy-plan.ts';
import { deploySummary, type DeploySummary } from '../orchestrate/deploy-summary.ts';
import { explainEcsFailure } from '../orchestrate/explain-ecs-failure.ts';
import { exportVpnConfigWithKey, type OvpnKeySource } from '../orchestrate/export-vpn-config.ts';
import { observabilityStack, observedResources, putDashboards } from '../orchestrate/observability-stack.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { deployInputProblems, deployInputsError } from '../orchestrate/deploy-inputs.ts';
import { resolvePins, type ResolveDigest } from '../image/resolve-pins.ts';
import { deployFactsOf } from '../orchestrate/deploy-facts.ts';
import { leftBehindByDeploy } from '../orchestrate/left-behind.ts';
import { variablesReachingParameters } from '../orchestrate/parameter-variables.ts';
import { destroyDeployment } from '../orchestrate/destroy-deployment.ts';
import { findSwitchedOffStacks, type SwitchedOffStack } from '../orchestrate/switched-off-stacks.ts';
import { deleteReplacedPrivateZone, type ReplacedPrivateZone } from '../orchestrate/replaced-private-zone.ts';
import { s3TemplateStore, stagingTargetOf } from '../orchestrate/staging-bucket.ts';
import type { HeldLock } from '../lock/profile-lock.ts';
import { takeProfileLock } from '../lock/take-profile-lock.ts';
import { pullPki, pushPki } from '../state/pki-store.ts';
import { appendHistory, profileDigestOf } from '../state/history-store.ts';
import { stateKeyOf } from '../state/state-bucket.ts';
import { readAccountPassphrase, resolveCaPassphrase } from '../vpn/ca-passphrase-secret.ts';
import { syncCrl } from '../vpn/sync-crl.ts';
import { settledVpnEndpointId } from '../vpn/vpn-endpoint.ts';
import { crlPath } from '../vpn/vpn-ca.ts';
import { currentCrl } from '../vpn/vpn-users.ts';
import type { StepRunner } from '../orchestrate/step-runner.ts';
import type { DeploymentPlan } from '../orchestrate/stack-plan.ts';
import type { DeployHost } from '../orchestrate/deploy-host.ts';
import type { WaiterTiming } from '../orchestrate/run-waiter.ts';
import type { CliIo } from './cli-io.ts';
import { describeError } from './cli-io.ts';
import { CliDeployHost } from './cli-deploy-host.ts';
import { formatChangesMarkdown } from './format-changes.ts';
import { UsageError } from './usage-error.ts';
import type { DeployClients } from './deploy-aws-clients.ts';
import { loadProfile, profileName } from './load-profile.ts';

export interface DeploymentFlags {
  profile: string | undefined;
  yes: boolean;
  json: boolean;
  'dry-run': boolean;
  /** logical ids whose guarded replacement or removal is accepted */
  'allow-replace': string[];
  /** break the profile's lock that a crashed run left (asks first unless --yes) */
  'break-lock'?: boolean;
  /** with --dry-run: the change sets as markdown on stdout */
  markdown?: boolean;
}

export interface DeploymentDeps {
  env: NodeJS.ProcessEnv;
  clients(settings: Settings): DeployClients & { ec2: EC2Client };
  preflight(settings: Settings, rendered: RenderedGatewayConfig): Promise<CheckResult[]>;
  /** options.caPassphrase: the VPN CA's passphrase as the account gives it (vpn/ca-passphrase-secret.ts) */
  steps(settings: Settings, clients: DeployClients, pkiDir: string, options?: { caPassphrase?: () => string }): Partial<Record<'image' | 'certificates', StepRunner>>;
  stderr: { write(s: string): unknown };
  live: boolean;
  /** calls onInterrupt on Ctrl-C; returns the function that stops listening */
  onInterrupt(handler: () => void): () => void;
  ask?: (question: string, defaultAnswer: boolean) => Promise<boolean>;
  timing?: WaiterTiming;
  eventPollMs?: number;
  /** folder under which ./out/<profile>/ files go (default the working folder) */
  outRoot?: string;
  /** asks a registry for an image's digest (a pin the profile and its lock lack); default the distribution API */
  resolveDigest?: ResolveDigest;
}

/** Where a profile's local files go: ./out/<profile name>/ */
export const outDirOf = (profile: string | undefined, root = '.') => join(root, 'out', profileName(profile));

/** mode.command: what the history and the lock call the run (default cagw deploy, or cagw gateway) */
export async function runDeployment(flags: DeploymentFlags, io: CliIo, deps: DeploymentDeps, mode: RunMode): Promise<number> {
  if (flags.markdown && !flags['dry-run']) throw new UsageError('--markdown summarises the change sets of a dry run: add --dry-run', MARKDOWN_USAGE);
  if (flags.markdown && flags.json) throw new UsageError('--markdown and --json are two formats of the output: give one', MARKDOWN_USAGE);
  let lock: HeldLock | undefined;
  try {
    return await deployUnderLock(flags, io, deps, mode, (held) => (lock = held));
  } finally {
    // released after the client files and the summary: the run is over for the next operator
    if (lock && (await lock.release()) === 'lost') io.warn(`the lock of profile ${profileName(flags.profile)} was broken by another operator during this run (cagw ... --break-lock): check what they ran before deploying again`);
  }
}

const MARKDOWN_USAGE = 'cagw deploy --profile FILE --dry-run --markdown';

export interface RunMode { gatewayOnly: boolean; command?: string }

async function deployUnderLock(flags: DeploymentFlags, io: CliIo, deps: DeploymentDeps, mode: RunMode, held: (lock: HeldLock) => void): Promise<number> {
  // pins the profile leaves out: from the lock beside it, else resolved now and recorded there
  const pinned = await resolvePins(loadProfile(flags.profile, io, deps.env), deps.resolveDigest ? { resolve: deps.resolveDigest } : {});
  const settings = pinned.settings;
  for (const p of pinned.pins.filter((x) => x.from === 'registry')) io.info(`pinned ${p.variable}=${p.value} (${p.image} now)${pinned.lockWritten ? `, recorded in ${pinned.lockWritten}` : ''}`);
  const planOptions = { gatewayOnly: mode.gatewayOnly, profileName: profileName(flags.profile) };
  // the pins are checked below with every other input, so the plan does not stop on the first
  const { rendered } = await planFromSettings(settings, { ...planOptions, requireCollectorImage: false });

  const checks = await deps.preflight(settings, rendered);
  for (const c of checks.filter((x) => x.status === 'warn')) io.warn(`preflight ${c.id}: ${c.message}`);
  const outDir = outDirOf(flags.profile, deps.outRoot);
  const pkiDir = join(outDir, 'pki');
  const clients = deps.clients(settings);
  // the VPN CA's passphrase may be the account's (Secrets Manager): an input the account satisfies
  const stateAccess = clients.s3 && clients.sts ? { s3: clients.s3, sts: clients.sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile) } : undefined;
  const passphraseAccount = settings.ENABLE_VPN && stateAccess && clients.secrets ? { secrets: clients.secrets, profile: stateAccess.profile, awsProfile: settings.AWS_PROFILE } : undefined;
  const account = passphraseAccount && stateAccess ? {
    passphrase: await readAccountPassphrase(passphraseAccount),
    // a dry run touches no bucket: a CA is assumed, so a passphrase is asked for as before
    caExists: flags['dry-run'] ? true : (await pullPki(stateAccess, pkiDir, { write: false })).etag !== undefined,
  } : undefined;
  // every input any step needs, before the first stack operation: nothing is half-created
  const problems = deployInputProblems({ settings, pins: pinned.pins, preflight: checks, ...(account ? { account } : {}) });
  if (problems.length > 0) {
    const error = deployInputsError(problems);
    io.error(describeError(error), error.code);
    if (flags.json) io.result({ result: 'inputs-missing', problems });
    return 1;
  }
  // planned again with what preflight found: the NAT mode the region offers, an existing repository
  const { plan } = await planFromSettings(settings, { ...planOptions, facts: deployFactsOf(checks) });

  const host = new CliDeployHost(io, { yes: flags.yes, json: flags.json, dryRun: flags['dry-run'] && !flags.markdown, live: deps.live, stderr: deps.stderr, color: deps.live, ...(deps.ask ? { ask: deps.ask } : {}) });
  // one run of the profile at a time, across operators and CI: before anything is changed
  const command = mode.command ?? (mode.gatewayOnly ? 'cagw gateway' : 'cagw deploy');
  const profileDigest = settings.profilePath ? profileDigestOf(settings.profilePath) : ''; // the text this run read
  // each run that changed (or tried to change) the account adds one record to its history
  const recordRun = async (outcome: DeployOutcome) => {
    if (!stateAccess) return;
    await appendHistory(stateAccess, {
      command, result: outcome.result, profileDigest, gatewayVersion: settings.CLAUDE_VERSION,
      stacks: outcome.nodes.map((n) => ({ name: n.stackName, outcome: n.state })),
    }).catch((e: unknown) => io.warn(`this run was not added to the profile's deploy history (cagw state history): ${describeError(e)}`));
  };
  let pkiState: { push(): Promise<void> } | undefined;
  let caPassphrase: (() => string) | undefined;
  if (!flags['dry-run'] && clients.s3 && clients.sts) {
    try {
      held(await takeProfileLock({
        s3: clients.s3, sts: clients.sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile), command, breakLock: flags['break-lock'] === true,
        confirmBreak: (text) => host.confirm({ text, defaultAnswer: false }), info: (line) => io.warn(line),
      }));
    } catch (e) {
      if (!CagwError.is(e) || e.code !== 'ProfileLocked') throw e;
      host.stop();
      io.error(describeError(e), e.code);
      if (flags.json) io.result({ result: 'locked', error: { code: e.code, message: e.message, where: e.where, fix: e.fix } });
      return 1;
    }
    // the VPN CA from the account (state/pki-store.ts): made here on a first deploy, pushed back after
    if (settings.ENABLE_VPN) {
      const access = { s3: clients.s3, sts: clients.sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile) };
      const pulled = await pullPki(access, pkiDir);
      pkiState = { push: () => pushPki(access, pkiDir, pulled) };
      if (passphraseAccount) {
        const kmsKeyId = await stateKeyOf(clients.s3, { name: pulled.bucket, account: pulled.account, from: pulled.from }, settings.AWS_PROFILE);
        const { passphrase } = await resolveCaPassphrase(process.env, { ...passphraseAccount, kmsKeyId }, existsSync(join(pkiDir, 'ca.key')));
        caPassphrase = () => passphrase;
      }
    }
  }
  // said before the question, so that the answer weighs it
  const leftBehind = mode.gatewayOnly ? undefined : await leftBehindByDeploy(plan, clients, settings.AWS_PROFILE);
  if (leftBehind?.retainedPoolNotice) io.warn(leftBehind.retainedPoolNotice);
  const zone = leftBehind?.replacedZone;
  if (zone) io.info(`ZONE changes the private zone ${zone.name} (${zone.zoneId}) to ${zone.newName || 'none'}: CloudFormation cannot delete the old zone while it holds records, so cagw deletes it after the deploy, once only its SOA and NS are left`);
  // a part the profile switched off whose stack still runs: said now, removed after the deploy
  const switchedOff = mode.gatewayOnly ? [] : await findSwitchedOffStacks(clients.cfn, settings, plan, settings.AWS_PROFILE);
  for (const s of switchedOff) io.warn(`${s.variable} leaves the ${s.part} out of the profile, but stack ${s.stackName} (${s.status}) still runs: ${s.whatHappens}`);
  const controller = new AbortController();
  const stopListening = deps.onInterrupt(() => {
    io.warn('interrupted: starting nothing new; stacks already updating carry on in CloudFormation');
    controller.abort();
  });
  let outcome: DeployOutcome;
  try {
    outcome = await deployPlan(plan, {
      cfn: clients.cfn, host, steps: deps.steps(settings, clients, pkiDir, caPassphrase ? { caPassphrase } : {}), signal: controller.signal, awsProfile: settings.AWS_PROFILE,
      dryRun: flags['dry-run'], allowReplace: flags['allow-replace'], explain: explainEcsFailure(clients.ecs), fixContext: { gatewayHost: settings.gatewayHost, zoneId: settings.PUBLIC_HOSTED_ZONE_ID },
      ...(deps.timing ? { timing: deps.timing } : {}), ...(deps.eventPollMs ? { eventPollMs: deps.eventPollMs } : {}),
      ...(clients.s3 && clients.sts ? { templateStore: s3TemplateStore(clients.s3, stagingTargetOf(clients.sts, settings.AWS_REGION, settings.AWS_PROFILE)) } : {}),
    }, {
      // an edit refused before the first change set names the profile variable behind the parameter
      variablesOf: variablesReachingParameters(settings, async (s) => (await planFromSettings(s, { ...planOptions, facts: deployFactsOf(checks) })).plan),
    });
  } catch (e) {
    if (CagwError.is(e) && e.code === 'DeployAborted') {
      io.info('nothing was changed');
      return 1;
    }
    throw e;
  } finally {
    stopListening();
    host.stop();
  }

  if (outcome.result === 'interrupted') {
    // CancelUpdateStack takes only a stack in UPDATE_IN_PROGRESS: a create cannot be cancelled
    const updating = (s: string) => outcome.reviews.some((r) => r.stackName === s && r.exists);
    const lines = outcome.stillUpdating.map((s) => `  ${s}: follow with  aws cloudformation describe-stack-events --stack-name ${s}\n  ${' '.repeat(s.length)}  ${updating(s) ? `cancel the update with  aws cloudformation cancel-update-stack --stack-name ${s}` : 'a create cannot be cancelled: it completes, or rolls back by itself'}`);
    // an endpoint this run created or replaced before the Ctrl-C has no revocation list yet; the
    // outcome may not know the stack finished (it stopped following), CloudFormation does
    if (outcome.nodes.some((n) => n.node === 'vpn' && (n.state === 'completed' || n.state === 'interrupted'))) {
      await settledVpnEndpointId(clients.cfn, settings.stackNames.vpn, settings.AWS_PROFILE)
        .then((endpointId) => syncEndpointCrl(settings, endpointId, pkiDir, clients.ec2, io))
        .catch((e: unknown) => io.error(`the revocation list was not put on the VPN endpoint after the interrupted run: ${describeError(e)}`));
    }
    io.error(`interrupted; ${outcome.stillUpdating.length === 0 ? 'no stack was still updating' : `still updating in CloudFormation:\n${lines.join('\n')}`}\n  re-run cagw deploy when they settle: finished stacks are skipped`);
    await recordRun(outcome);
    if (flags.json) io.result({ result: 'interrupted', stillUpdating: outcome.stillUpdating });
    return 130;
  }
  if (outcome.result === 'failed') {
    io.error(describeError(outcome.failure));
    const notStarted = outcome.nodes.filter((n) => n.state === 'skipped').map((n) => n.stackName);
    if (notStarted.length > 0) io.info(`not started: ${notStarted.join(', ')}`);
    // the VPN stack may have replaced the endpoint before another stack failed: a new endpoint
    // has no revocation list, so revoked certificates would connect until the next deploy
    await syncEndpointCrl(settings, outcome.outputs.vpn?.ClientVpnEndpointId, pkiDir, clients.ec2, io).catch((e: unknown) => {
      io.error(`the revocation list was not put on the VPN endpoint after the failed run: ${describeError(e)}`);
    });
    await recordRun(outcome);
    if (flags.json) io.result({ result: 'failed', error: { code: outcome.failure?.code, message: outcome.failure?.message, where: outcome.failure?.where, fix: outcome.failure?.fix }, stacks: outcome.nodes.map(({ node, stackName, state }) => ({ node, stackName, state })) });
    return 1;
  }
  if (outcome.result === 'dry-run') {
    if (switchedOff.length > 0) io.info(`a real run would then ask to remove ${switchedOff.map((s) => s.stackName).join(', ')}`);
    if (flags.markdown) io.result(formatChangesMarkdown(outcome.reviews, profileName(flags.profile)));
    if (flags.json) io.result({ result: 'dry-run', changes: outcome.reviews });
    return 0;
  }

  // dashboards name the real resources, so they go in after the stacks
  const dashboards = mode.gatewayOnly ? [] : await putDashboards(clients.cloudwatch, observabilityStack(settings).input, observedResources(outcome.outputs), settings.AWS_PROFILE);
  await syncEndpointCrl(settings, outcome.outputs.vpn?.ClientVpnEndpointId, pkiDir, clients.ec2, io);
  if (zone && clients.route53) await removeReplacedZone(zone, clients.route53, settings.AWS_PROFILE, io);
  if (switchedOff.length > 0 && !(await removeSwitchedOff(switchedOff, plan, clients, host, settings.AWS_PROFILE, deps, io))) return 1;
  const summary = await finish(settings, outcome, outDir, pkiDir, clients.ec2, dashboards);
  await pkiState?.push();
  await recordRun(outcome);
  if (flags.json) io.result({ result: outcome.result, summary, stacks: outcome.nodes.map(({ node, stackName, state }) => ({ node, stackName, state })) });
  else io.result(formatSummary(summary));
  return 0;
}

/** The summary, and whether the .ovpn holds its user's private key (its only copy) or awaits theirs. */
export type RunSummary = DeploySummary & { ovpnKey?: 'only-copy' | 'none'; ovpnUser?: string };

async function finish(settings: Settings, outcome: DeployOutcome, outDir: string, pkiDir: string, ec2: EC2Client, dashboards: string[]): Promise<RunSummary> {
  const clientDir = join(outDir, 'client-settings');
  // out/<profile>/ also holds the VPN's keys and .ovpn files: its owner's only (issue 27.9)
  mkdirSync(clientDir, { recursive: true, mode: 0o700 });
  for (const f of clientSettingsFiles(clientSettingsInputOf(settings))) {
    writeFileSync(join(clientDir, f.name), f.content);
  }
  let ovpn: { path: string; keyDeleted: boolean; key: OvpnKeySource } | undefined;
  const endpointId = outcome.outputs.vpn?.ClientVpnEndpointId;
  if (settings.ENABLE_VPN && endpointId) {
    // the key leaves pki/clients/ once it is in the .ovpn: its only copy is what is delivered
    // (a later run writes the .ovpn again from the key inside it, as cagw vpn add-user does)
    ovpn = await exportVpnConfigWithKey(ec2, { endpointId, pkiDir, clientName: settings.VPN_CLIENT_NAME, outPath: join(outDir, `${settings.VPN_CLIENT_NAME}.ovpn`), awsProfile: settings.AWS_PROFILE, deleteKey: true });
  }
  const summary = deploySummary(outcome, {
    publicUrl: settings.publicUrl, idpMode: settings.idpMode, region: settings.AWS_REGION, vpn: settings.ENABLE_VPN,
    clientSettingsDir: resolve(clientDir), ovpnPath: ovpn ? resolve(ovpn.path) : undefined, dashboards,
  });
  return { ...summary, ...(ovpn ? { ovpnKey: ovpn.key === 'none' ? 'none' : 'only-copy', ovpnUser: settings.VPN_CLIENT_NAME } : {}) };
}

/**
 * Asks, then deletes the stacks of parts the profile switched off, the way cagw destroy does;
 * false when a delete failed (the deploy itself is done). Declined: they stay, and each later
 * deploy asks again.
 */
async function removeSwitchedOff(stacks: SwitchedOffStack[], plan: DeploymentPlan, clients: DeployClients, host: DeployHost, awsProfile: string | undefined, deps: DeploymentDeps, io: CliIo): Promise<boolean> {
  const names = stacks.map((s) => s.stackName).join(', ');
  const yes = await host.confirm({ code: 'CAGW_DEPLOY_Q0003', text: `Remove ${names}, which the profile no longer deploys?`, defaultAnswer: false });
  if (!yes) {
    io.info(`kept ${names}; the next deploy asks again (or set ${stacks.map((s) => s.variable).join(', ')} back to keep them in the profile)`);
    return true;
  }
  const removed = await destroyDeployment({ ...plan, nodes: stacks.map((s) => s.plan) }, { cfn: clients.cfn, rds: clients.rds, secrets: clients.secrets }, {
    host, awsProfile, ...(deps.timing ? { timing: deps.timing } : {}), ...(deps.eventPollMs ? { eventPollMs: deps.eventPollMs } : {}),
  });
  if (removed.result === 'failed') {
    io.error(`the deploy is done, but removing ${names} failed: ${describeError(removed.failure)}`);
    return false;
  }
  for (const r of removed.retained) io.info(`kept by its template (DeletionPolicy: Retain): ${r.type} ${r.physicalId} of ${r.stack}`);
  io.info(`removed ${removed.deleted.join(', ') || 'nothing (already gone)'}`);
  return true;
}

/** Deletes the private zone a ZONE edit replaced, or says what keeps it and how to finish. */
async function removeReplacedZone(zone: ReplacedPrivateZone, route53: NonNullable<DeployClients['route53']>, awsProfile: string | undefined, io: CliIo): Promise<void> {
  const done = await deleteReplacedPrivateZone(route53, zone, awsProfile).catch((e: unknown) => {
    io.error(`the old private zone ${zone.name} (${zone.zoneId}) was not deleted: ${describeError(e)}`);
    return undefined;
  });
  if (done?.result === 'deleted') io.info(`old private zone ${zone.name} (${zone.zoneId}) deleted`);
  else if (done?.result === 'kept') io.warn(`old private zone ${zone.name} (${zone.zoneId}) kept: it still holds ${done.records.join(', ')}\n  fix: ${done.fix}`);
}

/**
 * Brings the endpoint's revocation list up to this machine's pki/crl.pem (sync-crl.ts): imported
 * only when the endpoint has none (created or replaced) or an older one, since every import
 * resets the endpoint's open connections. Says what it did. After every run that reached the
 * VPN stack: deployed, unchanged, failed on another stack, or interrupted once it settled.
 */
async function syncEndpointCrl(settings: Settings, endpointId: string | undefined, pkiDir: string, ec2: EC2Client, io: CliIo): Promise<void> {
  const pem = currentCrl(pkiDir);
  if (!settings.ENABLE_VPN || !endpointId || pem === undefined) return;
  const path = crlPath(pkiDir);
  const sync = await syncCrl(ec2, endpointId, { pem, path }, settings.AWS_PROFILE);
  const day = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);
  if (sync.action === 'unchanged') io.info(`revocation list of ${endpointId} is already ${path}: not imported, open VPN sessions kept`);
  else if (sync.action === 'imported') {
    const why = sync.reason === 'endpoint-had-none' ? 'a new endpoint has none' : sync.reason === 'endpoint-older' ? 'the endpoint had an older one' : 'the endpoint had a list cagw cannot read';
    io.info(`revocation list ${path} imported into ${endpointId} (${why})${sync.reason === 'endpoint-had-none' ? '' : '; Client VPN reset its open sessions'}`);
  } else {
    io.warn(`the revocation list on ${endpointId} (issued ${day(sync.endpointIssuedAt)} UTC) is newer than ${path} (issued ${day(sync.localIssuedAt)} UTC): kept the endpoint's, since the older list could let revoked certificates connect again\n`
      + `  fix: another operator revoked since this machine's copy of the CA was made; copy their pki folder over ${pkiDir} (docs/vpn.md, "Where the CA lives"), then check with cagw vpn list`);
  }
}

export function formatSummary(s: RunSummary): string {
  const vpnKey = s.ovpnKey === 'only-copy' ? `\n                 holds ${s.ovpnUser}'s private key, whose only copy it is (cagw keeps none): hand it to ${s.ovpnUser} over a private channel, then delete it here`
    : s.ovpnKey === 'none' ? `\n                 without a private key: ${s.ovpnUser} adds the key of their own request (cagw vpn add-user --csr)` : '';
  const lines = [
    `gateway          ${s.gatewayUrl}`,
    `IdP callback     ${s.idpCallbackUrl}${s.registerCallback ? '   (register it with your IdP)' : '   (registered by the Cognito stack)'}`,
    ...(s.hostedUiUrl ? [`sign-in page     ${s.hostedUiUrl}`] : []),
    ...s.dashboards.map((d, i) => `${i === 0 ? 'dashboards       ' : '                 '}${d}`),
    ...(s.alarmTopicArn ? [`alarm topic      ${s.alarmTopicArn}`] : []),
    `VPN profile      ${s.ovpnPath ?? 'bring your own network path to the VPC'}${vpnKey}`,
    `client settings  ${s.clientSettingsDir}`,
    '',
    'next:',
    ...s.nextSteps.map((step, i) => `  ${i + 1}. ${step}`),
  ];
  return lines.join('\n');
}
