// cagw report spend: what each user or group spent over the last days, from the gateway's own
// books (its cost report in the admin API, the spend the caps are enforced from), not telemetry.
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { deployedAdminTarget, localAdminTarget } from '../caps/admin-target.ts';
import { spendLimitsAdmin } from '../caps/spend-limits-admin.ts';
import { localStateDir } from '../local/state-dir.ts';
import { spendReportCsv, spendReportJson, spendReportMarkdown } from '../report/format-spend-report.ts';
import { reportRange } from '../report/report-range.ts';
import { spendReport } from '../report/spend-report.ts';

const USAGE = 'cagw report spend [--since 7d] [--by group|user] [--json|--csv|--markdown] [--profile FILE] [--local] [--url URL]';

export const reportCommand = defineCommand({
  name: 'report',
  summary: "Spend per user or group over the last days, from the gateway's own books (admin API)",
  details: [
    'Reads the gateway\'s cost report (GET /v1/organizations/analytics/cost with the admin key, as cagw',
    'caps does): the spend the gateway booked per user per day, in UTC days, the same figures its caps',
    'are enforced from. --since Nd covers today and the N-1 days before (at most 31). --by group counts a',
    'user in two groups in full in each, so the groups may add up to more than the total, which is read',
    'on its own. The gateway does not book spend per model, so there is no --by model: the per-model',
    'split is in the telemetry (cagw dashboards), which is the client\'s own word. See docs/caps.md.',
    '',
    'Examples:',
    '  cagw report spend --profile profiles/my.env --since 7d --by group',
    '  cagw report spend --profile profiles/my.env --since 30d --by user --csv > spend.csv',
    '  cagw report spend --profile profiles/local.env --local --markdown',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    since: { type: 'string', value: 'Nd', desc: 'days back, today included (default 7d, at most 31d)' },
    by: { type: 'string', value: 'group|user', desc: 'one row per group or per user (default group)' },
    json: { type: 'boolean', desc: '{ since, by, totalUsd, rows: [{ group|user, usd }] }' },
    csv: { type: 'boolean', desc: 'CSV with a header line' },
    markdown: { type: 'boolean', desc: 'a Markdown table, for a wiki or a ticket' },
    local: { type: 'boolean', desc: 'the gateway cagw local runs for this profile' },
    'state-dir': { type: 'string', value: 'DIR', desc: 'with --local: the state directory of that cagw local (default .cagw/local/<profile name>)' },
    url: { type: 'string', value: 'URL', desc: "the deployed gateway's address, when not the profile's (e.g. through a tunnel)" },
  },
  positionals: [{ name: 'spend', desc: 'what to report' }],
  async run(flags, positionals, io) {
    const [what] = positionals;
    if (what !== 'spend') throw new UsageError(what ? `unknown report "${what}"` : 'say which report: spend', USAGE);
    const by = flags.by ?? 'group';
    if (by === 'model') throw new UsageError('the gateway books spend per user per day only, not per model; the split by model is in the telemetry (cagw dashboards): use --by group or --by user', USAGE);
    if (by !== 'group' && by !== 'user') throw new UsageError(`--by ${by}: say group or user`, USAGE);
    if ([flags.json, flags.csv, flags.markdown].filter(Boolean).length > 1) throw new UsageError('--json, --csv and --markdown are three formats; pass one', USAGE);
    if (flags.local && flags.url) throw new UsageError('--local and --url name two different gateways; pass one', USAGE);
    const range = reportRange(flags.since ?? '7d');
    const settings = loadProfile(flags.profile, io);
    const target = flags.local ? localAdminTarget(flags['state-dir'] ?? localStateDir(flags.profile, process.cwd())) : await deployedAdminTarget(settings, flags.url);
    const admin = spendLimitsAdmin(target.url, target.previousKey ? [target.apiKey, target.previousKey] : target.apiKey);
    const report = await spendReport(admin, range, by);
    if (flags.json) io.result(spendReportJson(report));
    else if (flags.csv) io.result(spendReportCsv(report));
    else if (flags.markdown) io.result(spendReportMarkdown(report));
    else {
      io.result([
        `spend on ${target.label} by ${by} since ${report.startingAt} (${range.days} UTC day(s)): $${report.totalUsd.toFixed(2)} in all`,
        report.rows.length === 0 ? '  no spend booked in this range' : formatTable([by, 'usd'], report.rows.map((row) => [row.name, `$${row.usd.toFixed(2)}`])),
      ].join('\n'));
    }
    return 0;
  },
});
