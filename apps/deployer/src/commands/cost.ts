// cagw cost: the monthly AWS bill of a profile's deployment, per component, from the plan (what
// its templates really create) and the price table shipped in the source. Offline.
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { BEDROCK_LEFT_OUT, costOfSettings, USAGE, type CostEstimate } from '../cost/index.ts';

const USAGE_LINE = 'cagw cost [--profile FILE] [--developers N] [--json]';

function formatCost(estimate: CostEstimate, region: string): string {
  const rows = estimate.components.filter((c) => c.name !== BEDROCK_LEFT_OUT).map((c) => [c.name, `$${c.monthlyUsd.toFixed(2)}`, c.basis]);
  return [
    `estimated monthly cost in ${region}: $${estimate.monthlyTotalUsd.toFixed(2)} (on-demand prices of ${estimate.priced}; Bedrock usage left out)`,
    '',
    formatTable(['component', 'a month', 'basis'], rows),
    '',
    'Bedrock usage is left out: Bedrock bills each model call by its tokens, which depend on use.',
    'Figures marked "assumed" are usage, not counts; docs/cost.md explains each one and how to refresh the prices.',
  ].join('\n');
}

export const costCommand = defineCommand({
  name: 'cost',
  summary: "Estimate the profile's monthly AWS bill per component, from its plan and the shipped price table (no AWS call)",
  details: [
    'Every quantity is counted from the plan cagw deploy would make: load balancers, NAT gateways, Fargate',
    'tasks at MIN_TASKS (and the figure at MAX_TASKS), the database class, storage, backups and Multi-AZ,',
    'Client VPN associations and connection-hours, CloudWatch metrics, alarms, dashboards and logs,',
    'Secrets Manager secrets, KMS keys and S3. Prices are on-demand list prices of AWS_REGION, each with',
    'its AWS pricing page (apps/deployer/src/cost/price-table.ts). Bedrock usage is left out.',
    '',
    'Examples:',
    '  cagw cost --profile profiles/my.env',
    '  cagw cost --profile profiles/my.env --developers 300 --json',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    developers: { type: 'string', value: 'N', desc: `developers on the Client VPN, for its connection-hours (default ${USAGE.developers}); changes nothing else` },
    json: { type: 'boolean', desc: 'print { monthlyTotalUsd, components: [{ name, monthlyUsd, basis }], priced } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const developers = flags.developers === undefined ? USAGE.developers : Number(flags.developers);
    if (!/^\d+$/.test(flags.developers ?? '0') || developers > 100_000) {
      throw new UsageError(`--developers "${flags.developers}" is not a whole number of developers from 0 to 100000`, USAGE_LINE);
    }
    const settings = loadProfile(flags.profile, io);
    const estimate = await costOfSettings(settings, { profileName: profileName(flags.profile), developers });
    io.result(flags.json ? estimate : formatCost(estimate, settings.AWS_REGION));
    return 0;
  },
});
