// cagw plan: the stacks a profile deploys, their templates, order and parameters. Offline.
import { defineCommand } from '../cli/command-spec.ts';
import { formatPlan, planJson } from '../cli/format-plan.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { architectureSvg } from '../architecture/architecture-svg.ts';

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'Show the stacks a profile deploys: templates, dependencies and every parameter (no AWS call)',
  details: [
    'Values that come from another stack are shown as <stack>.<Output>; secrets appear only as ARNs;',
    'the packed gateway config as its size and hash. `cagw deploy --dry-run` shows the change sets.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    json: { type: 'boolean', desc: 'print { stacks: [{ name, template, templateBytes, templateDelivery, dependsOn, parameters }], steps } as one JSON document' },
    svg: { type: 'boolean', desc: 'print the architecture picture of the plan (stacks, steps, main resources, order) as one SVG document' },
  },
  async run(flags, _positionals, io) {
    const settings = loadProfile(flags.profile, io);
    const { plan } = await planFromSettings(settings, {
      profileName: profileName(flags.profile), requireCollectorImage: false,
    });
    io.result(flags.svg ? architectureSvg(plan).trimEnd() : flags.json ? planJson(plan) : formatPlan(plan));
    return 0;
  },
});
