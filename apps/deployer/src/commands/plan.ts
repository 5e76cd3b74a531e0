// cagw plan: the stacks a profile deploys, their templates, order and parameters. Offline.
// With --from OLD_PROFILE: what deploying the profile over a deployment of the old one does,
// resource by resource, and the updates CloudFormation would refuse (edit-impact/).
import { defineCommand } from '../cli/command-spec.ts';
import { formatPlan, planJson, type PlanCost } from '../cli/format-plan.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { architectureSvg } from '../architecture/architecture-svg.ts';
import { UsageError } from '../cli/usage-error.ts';
import { CagwError } from '@cagw/errors';
import { connectionBudget, type Settings } from '@cagw/profile';
import { BEDROCK_LEFT_OUT, costOfPlan } from '../cost/index.ts';
import type { DeploymentPlan } from '../orchestrate/stack-plan.ts';

/** cagw cost's total for the plan; a region the price table lacks is said, not an error of plan. */
function planCost(plan: DeploymentPlan, settings: Settings): PlanCost {
  try {
    const { monthlyTotalUsd, priced } = costOfPlan(plan, settings);
    return { monthlyTotalUsd, priced, leftOut: BEDROCK_LEFT_OUT };
  } catch (e) {
    if (CagwError.is(e) && e.code.startsWith('Cost')) return { notPriced: e.message };
    throw e;
  }
}

const USAGE = 'cagw plan [--profile FILE] [--from OLD_PROFILE [--detailed-exitcode] [--markdown]] [--json | --svg]';

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'Show the stacks a profile deploys: templates, dependencies and every parameter (no AWS call)',
  details: [
    'Values that come from another stack are shown as <stack>.<Output>; secrets appear only as ARNs;',
    'the packed gateway config as its size and hash. `cagw deploy --dry-run` shows the change sets.',
    'The first lines give the monthly estimate of `cagw cost` (Bedrock usage left out) and the tags every',
    'stack carries (TAGS, then cagw\'s own).',
    '',
    'With --from OLD_PROFILE it shows what deploying the profile over a deployment of OLD_PROFILE does,',
    'offline: per stack each resource added, modified, replaced or removed, the properties that cause it,',
    'whether it has a custom name and whether it is guarded (deploy needs --allow-replace to lose it),',
    'and the updates CloudFormation would refuse, each naming the variable and the fix (exit 1 when',
    'there is one). A change that depends on another stack\'s output the edit may change is shown as',
    '"may ..." (JSON: "unknown": true). Review a profile change: git show main:profiles/my.env >',
    'profiles/my.main.env && cagw plan --from profiles/my.main.env --profile profiles/my.env',
    '',
    'With --detailed-exitcode (and --from) the exit code says whether there is anything to deploy, as',
    'terraform plan -detailed-exitcode does: 0 no change, 2 changes, 1 an error (a refusal, a profile',
    'problem, a mistyped command line). In CI:',
    '  cagw plan --from profiles/my.main.env --profile profiles/my.env --detailed-exitcode; echo $?',
    '',
    'With --markdown (and --from) the same review is Markdown for a pull request or a CI job summary:',
    '  cagw plan --from profiles/my.main.env --profile profiles/my.env --markdown >> "$GITHUB_STEP_SUMMARY"',
    '(docs/workflows/ has the GitHub workflows that do it, and docs/team.md how to use them).',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    json: { type: 'boolean', desc: 'print { cost: { monthlyTotalUsd, priced, leftOut } | { notPriced }, stacks: [{ name, template, templateBytes, templateDelivery, dependsOn, parameters, tags }], steps } as one JSON document' },
    svg: { type: 'boolean', desc: 'print the architecture picture of the plan (stacks, steps, main resources, order) as one SVG document' },
    markdown: { type: 'boolean', desc: 'with --from: print the review as Markdown (counts, a table of changes, guarded resources first, refusals with their fix), for a pull request or $GITHUB_STEP_SUMMARY' },
    'detailed-exitcode': { type: 'boolean', desc: 'with --from: exit 0 with no change, 2 with changes, 1 on an error or a refusal (as terraform plan)' },
    from: {
      type: 'string', value: 'OLD_PROFILE',
      desc: 'show what deploying the profile over OLD_PROFILE\'s deployment changes, resource by resource, and what CloudFormation would refuse; --json: { stacks: [{ name, changes: [{ logicalId, type, action, causes, customName, guarded, unknown? }], tags?: { before, after } }], refusals: [{ variable, message, fix }] }',
    },
  },
  async run(flags, _positionals, io) {
    if (flags.markdown && flags.from === undefined) throw new UsageError('--markdown writes the review of an edit, so it needs --from OLD_PROFILE to compare with', USAGE);
    if (flags.markdown && flags.json) throw new UsageError('--markdown and --json are two forms of the same review: pass one of them', USAGE);
    if (flags['detailed-exitcode'] && flags.from === undefined) {
      throw new UsageError('--detailed-exitcode tells whether an edit changes anything, so it needs --from OLD_PROFILE to compare with', USAGE);
    }
    const settings = loadProfile(flags.profile, io);
    if (flags.from !== undefined) {
      if (flags.svg) throw new UsageError('--svg draws one plan; --from compares two: pass one of them', USAGE);
      // loaded only here: it reads the AWS resource specification, which plain `cagw plan` never needs
      const [{ profileEdit }, { editImpactJson, formatEditImpact, formatEditImpactMarkdown }, { editExitCode }] = await Promise.all([
        import('../edit-impact/profile-edit.ts'), import('../cli/format-edit-impact.ts'), import('../edit-impact/edit-exit-code.ts'),
      ]);
      const edit = await profileEdit({ fromPath: flags.from, profilePath: flags.profile, settings, env: process.env, profileName: profileName(flags.profile) });
      for (const w of edit.warnings) io.warn(w);
      const to = flags.profile ?? 'the environment';
      io.result(flags.json ? editImpactJson(edit) : flags.markdown ? formatEditImpactMarkdown(edit, flags.from, to) : formatEditImpact(edit, flags.from, to));
      return editExitCode(edit, flags['detailed-exitcode'] === true);
    }
    const { plan } = await planFromSettings(settings, {
      profileName: profileName(flags.profile), requireCollectorImage: false,
    });
    if (flags.svg) {
      io.result(architectureSvg(plan).trimEnd());
      return 0;
    }
    const cost = planCost(plan, settings);
    const budget = connectionBudget(settings.DB_INSTANCE_CLASS, settings.MAX_TASKS, settings.DB_POOL_SIZE);
    io.result(flags.json ? planJson(plan, cost, budget) : formatPlan(plan, cost, budget));
    return 0;
  },
});
