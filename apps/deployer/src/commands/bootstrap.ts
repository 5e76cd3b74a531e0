// cagw bootstrap: the account's one small stack per region (state bucket, CloudFormation execution
// role, optionally the GitHub Actions deploy role), shown as a change set and created only after
// a yes, like deploy; --destroy removes it when nothing uses it.
import { readFileSync } from 'node:fs';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { listTemplateFiles, TEMPLATES_DIR } from '@cagw/cloudformation';
import type { Settings } from '@cagw/profile';
import { BOOTSTRAP_STACK_NAME } from '../bootstrap/bootstrap-names.ts';
import { applyBootstrap, destroyBootstrap, discardBootstrap, prepareBootstrap, type BootstrapOptions, type PreparedBootstrap } from '../bootstrap/run-bootstrap.ts';
import { bootstrapParameters } from '../bootstrap/bootstrap-request.ts';
import { refuseTakenStateBucket } from '../bootstrap/state-bucket-taken.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { confirmOnTerminal } from '../cli/confirm-prompt.ts';
import { createDeployClients } from '../cli/deploy-aws-clients.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';

const USAGE = 'cagw bootstrap --profile FILE [--trust-github ORG/REPO[:ENVIRONMENT]] [--yes] [--json] | --destroy';

export interface BootstrapDeps {
  clients(settings: Settings): { cfn: CloudFormationClient; s3: S3Client; sts: STSClient };
  confirm(question: string): Promise<boolean>;
  tuning: Pick<BootstrapOptions, 'timing' | 'eventPollMs'>;
  runId(): string;
}

export const systemBootstrapDeps = (): BootstrapDeps => ({
  clients: (settings) => {
    const { cfn, s3, sts } = createDeployClients(settings);
    return { cfn, s3: s3 as S3Client, sts: sts as STSClient };
  },
  confirm: (q) => confirmOnTerminal(q, false),
  tuning: { timing: { minDelay: 5, maxDelay: 30, maxWaitTime: 3600 }, eventPollMs: 5000 },
  runId: () => new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14),
});

function formatPlan(p: PreparedBootstrap, region: string): string {
  const subject = p.parameters.TrustGithubSubject;
  return [
    `${p.type === 'CREATE' ? 'creates' : 'updates'} the stack ${BOOTSTRAP_STACK_NAME} in ${region}:`,
    ...p.changes.map((c) => `  ${c.action.padEnd(7)} ${c.logicalId} (${c.type})${c.replacement === 'True' ? ' REPLACED' : ''}`),
    `execution role actions (from the templates' resource types): ${p.parameters.ExecutionRoleActions}`,
    subject ? `deploy role trusts GitHub OIDC tokens whose sub is ${subject}` : 'no deploy role (pass --trust-github ORG/REPO[:ENVIRONMENT] for one)',
  ].join('\n');
}

export function makeBootstrapCommand(deps: () => BootstrapDeps = systemBootstrapDeps) {
  return defineCommand({
    name: 'bootstrap',
    summary: "Create the account's cagw-bootstrap stack in the region: state bucket, CloudFormation execution role, optional GitHub deploy role",
    details: [
      'One stack per account and region: a versioned, KMS-encrypted state bucket that also stages large',
      "templates, the execution role CloudFormation acts as (the services of cagw's templates' resource",
      'types only), and with --trust-github a deploy role a GitHub Actions workflow assumes through OIDC,',
      'allowed CloudFormation, iam:PassRole of the execution role, the image push, the state bucket and the',
      "calls cagw makes itself (those of cagw iam-policy --bootstrapped). A state bucket name another bucket",
      'holds (bucket names are global) is refused before anything is created.',
      'The change set is shown and nothing is created before you answer yes. cagw destroy never removes it;',
      'cagw bootstrap --destroy does, once no stack runs as its role (the bucket is emptied first).',
      'docs/bootstrap.md explains each part; cagw iam-policy --bootstrapped prints the policy it implies.',
      '',
      'Examples:',
      '  cagw bootstrap --profile profiles/my.env',
      '  cagw bootstrap --profile profiles/my.env --trust-github acme/claude-gateway:production --yes',
      '  cagw bootstrap --profile profiles/my.env --destroy',
    ].join('\n'),
    flags: {
      profile: profileFlag,
      'trust-github': { type: 'string', value: 'ORG/REPO[:ENVIRONMENT]', desc: 'make a deploy role for that repository\'s workflows (an environment, else the main branch)' },
      destroy: { type: 'boolean', desc: 'remove the bootstrap stack (refused while a stack uses its role)' },
      yes: { type: 'boolean', short: 'y', desc: 'apply without asking (required without a terminal)' },
      json: { type: 'boolean', desc: 'print { result, stack, changes?, outputs? } as one JSON document' },
    },
    async run(flags, _positionals, io) {
      const d = deps();
      if (flags.destroy && flags['trust-github'] !== undefined) throw new UsageError('--destroy takes no --trust-github', USAGE);
      const settings = loadProfile(flags.profile, io);
      const region = settings.AWS_REGION;
      const clients = d.clients(settings);
      const options = { ...d.tuning, awsProfile: settings.AWS_PROFILE, runId: d.runId() };
      if (flags.destroy) {
        if (!flags.yes && !(await d.confirm(`Remove ${BOOTSTRAP_STACK_NAME} in ${region}, with every version in its state bucket?`))) {
          io.info('nothing was removed');
          return 1;
        }
        const result = await destroyBootstrap(clients, region, options);
        io.result(flags.json ? { result, stack: BOOTSTRAP_STACK_NAME } : result === 'absent' ? `there is no ${BOOTSTRAP_STACK_NAME} stack in ${region}: nothing to remove` : `${BOOTSTRAP_STACK_NAME} removed from ${region}`);
        return 0;
      }
      // every template cagw deploys: the shipped ones and this profile's observability stack
      const shipped = (await listTemplateFiles()).map((path) => ({ name: path.slice(TEMPLATES_DIR.length).replace(/\.yaml$/, ''), body: readFileSync(path, 'utf8') }));
      const { plan } = await planFromSettings(settings, { requireCollectorImage: false, profileName: profileName(flags.profile) });
      const generated = plan.nodes.flatMap((n) => (n.kind === 'stack' && !shipped.some((t) => t.name === n.template) ? [{ name: n.template, body: n.templateBody }] : []));
      const templates = [...shipped.filter((t) => t.name !== 'bootstrap'), ...generated];
      const input = { region, templates, ecrRepository: settings.ECR_REPO, trustGithub: flags['trust-github'] };
      // the refusals that need no AWS call first, then a state bucket name held outside the stack
      bootstrapParameters(input);
      await refuseTakenStateBucket(clients, region, settings.AWS_PROFILE);
      const prepared = await prepareBootstrap(clients.cfn, { ...input, templateBody: readFileSync(`${TEMPLATES_DIR}bootstrap.yaml`, 'utf8') }, options);
      if (!prepared.changeSetId) {
        const outputs = await applyBootstrap(clients.cfn, prepared, options);
        io.result(flags.json ? { result: 'no-changes', stack: BOOTSTRAP_STACK_NAME, outputs } : `${BOOTSTRAP_STACK_NAME} in ${region} is already as asked`);
        return 0;
      }
      if (!flags.json) io.info(formatPlan(prepared, region));
      if (!flags.yes && !(await d.confirm(`${prepared.type === 'CREATE' ? 'Create' : 'Update'} ${BOOTSTRAP_STACK_NAME}?`))) {
        await discardBootstrap(clients.cfn, prepared, options);
        io.info('nothing was changed');
        return 1;
      }
      const outputs = await applyBootstrap(clients.cfn, prepared, options);
      io.result(flags.json
        ? { result: prepared.type === 'CREATE' ? 'created' : 'updated', stack: BOOTSTRAP_STACK_NAME, changes: prepared.changes, outputs }
        : [`${BOOTSTRAP_STACK_NAME} ${prepared.type === 'CREATE' ? 'created' : 'updated'} in ${region}`, ...Object.entries(outputs).map(([k, v]) => `  ${k.padEnd(18)} ${v}`)].join('\n'));
      return 0;
    },
  });
}

export const bootstrapCommand = makeBootstrapCommand();
