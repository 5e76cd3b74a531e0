// cagw deploy: the whole deployment (the original's deploy-all), in one pass over the graph.
import { defineCommand } from '../cli/command-spec.ts';
import { profileFlag } from '../cli/load-profile.ts';
import { runDeployment, type DeploymentDeps } from '../cli/run-deployment.ts';
import { systemDeploymentDeps } from '../cli/system-deployment-deps.ts';

export const deploymentFlags = {
  profile: profileFlag,
  'dry-run': { type: 'boolean', desc: 'show every change set, then delete them: nothing is changed' },
  yes: { type: 'boolean', short: 'y', desc: 'apply without asking (required without a terminal)' },
  'allow-replace': {
    type: 'string', multiple: true, value: 'LOGICAL_ID',
    desc: 'accept that this run replaces or removes the guarded resource LOGICAL_ID (the database, user pool, VPN endpoint, ECR repository, a KMS key, a secret, a retained bucket); needed even with --yes',
  },
  json: { type: 'boolean', desc: 'print the outcome (summary, or the failure) as one JSON document; progress as plain lines' },
} as const;

/** Flags of the commands that take the profile's lock (deploy, gateway), not of plan. */
export const lockingDeploymentFlags = {
  ...deploymentFlags,
  'break-lock': { type: 'boolean', desc: "break the profile's lock a crashed run left in the state bucket (shows its holder and asks first, unless --yes)" },
  markdown: { type: 'boolean', desc: 'with --dry-run: print the change sets as markdown (a pull request job summary); the text goes to stderr' },
} as const;

export function makeDeployCommand(deps: () => DeploymentDeps = () => systemDeploymentDeps()) {
  return defineCommand({
    name: 'deploy',
    summary: 'Create or update every stack of the profile, after showing the change sets',
    details: [
      'Resolves the image pins neither the profile nor the lock beside it has (profiles/my.env ->',
      'profiles/my.pins.lock.json, recorded there for later runs), runs preflight, and checks every input',
      'a step needs (pins, image build files, credentials, secrets, certificate, hosted zone, images)',
      'before the first stack operation, naming every missing one at once. Then it builds and pushes',
      'the image (BUILD_IMAGE=true) and walks the stack graph:',
      'each stack starts as soon as the stacks it reads outputs from are done. Every change is shown',
      'before any is made; unchanged stacks are skipped without a change set. On a failure the root',
      'cause is named and nothing new starts. Ctrl-C stops following (exit 130). A change that',
      'replaces or removes a guarded resource stops the deploy before anything runs, unless',
      '--allow-replace names it (docs/deploy.md, "Guarded resources"). One run of a profile at a time: a',
      'second is refused naming the holder of the lock (docs/team.md); --break-lock after a crash.',
      '',
      'Examples:',
      '  cagw deploy --profile profiles/prod.env',
      '  cagw deploy --profile profiles/prod.env --dry-run',
      '  cagw deploy --profile profiles/prod.env --dry-run --markdown >> "$GITHUB_STEP_SUMMARY"',
    ].join('\n'),
    // typed as deploymentFlags: --break-lock reaches runDeployment as its optional flag
    flags: lockingDeploymentFlags as unknown as typeof deploymentFlags,
    run: (flags, _positionals, io) => runDeployment(flags, io, deps(), { gatewayOnly: false }),
  });
}

export const deployCommand = makeDeployCommand();
