// cagw dashboards: every dashboard body, alarm definition, saved query and the observability
// template of the profile, written to a folder with an SVG layout preview per dashboard, so
// a reviewer can look at them without an AWS account. No AWS call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildAlarms,
  buildDashboards,
  checkAlarmAgainstCatalog,
  checkDashboardBody,
  expectedResourceNames,
  observabilityInputFromSettings,
  renderCollectorConfigYaml,
  renderDashboardSvg,
  renderObservabilityTemplateYaml,
  renderPromQuery,
  type AlarmSpec,
  savedQueries,
} from '@cagw/observability';
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';

/** An alarm as a reviewer reads it: its full name first, and a PromQL alarm's query as CloudWatch gets it. */
function describeAlarm(alarm: AlarmSpec, stackPrefix: string) {
  return { alarmName: `${stackPrefix}-${alarm.name}`, ...alarm, ...(alarm.kind === 'promql' ? { promql: renderPromQuery(alarm.query) } : {}) };
}

export const dashboardsCommand = defineCommand({
  name: 'dashboards',
  summary: 'Write the dashboards, alarms, saved queries and observability template of the profile, with SVG previews (no AWS call)',
  details: [
    'Files written to DIR (default ./out/<profile name>/observability):',
    '  <dashboard>.json          the body PutDashboard receives (resource names are placeholders',
    '                            until deploy reads them from the stack outputs)',
    '  <dashboard>.svg           the layout preview: each widget\'s title at its grid position',
    '  alarms.json               every alarm spec, and what this configuration cannot alarm on',
    '  saved-queries.json        the Logs Insights saved queries',
    '  observability.yaml        the observability stack template',
    '  collector-config.yaml     the ADOT collector configuration (with the bundled collector)',
    'Every body and alarm is checked first (structure, grid, queries, metrics the collector emits); exit 1 if one fails.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    out: { type: 'string', value: 'DIR', desc: 'folder to write the files to (default ./out/<profile name>/observability)' },
    json: { type: 'boolean', desc: 'print { dashboards, alarms, notes, files } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const settings = loadProfile(flags.profile, io);
    const input = observabilityInputFromSettings(settings);
    const resources = expectedResourceNames(input);
    const dashboards = buildDashboards(input, resources);
    const { alarms, notes } = buildAlarms(input);
    const ctx = { collectorMode: input.collectorMode, stackPrefix: input.stackPrefix, bundledCollector: input.bundledCollector };
    const failures = [
      ...dashboards.flatMap((d) => checkDashboardBody(d.body, ctx).map((p) => `dashboard ${d.name}: ${p}`)),
      ...alarms.flatMap((a) => checkAlarmAgainstCatalog(a, ctx)),
    ];
    if (failures.length > 0) {
      io.error(`${failures.length} generated definition(s) failed their check (a cagw bug; please report it):`);
      for (const f of failures) io.info(`  - ${f}`);
      return 1;
    }

    const dir = flags.out ?? join('out', profileName(flags.profile), 'observability');
    // out/<profile>/ also holds the VPN's keys and .ovpn files: its owner's only (issue 27.9)
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files: [string, string][] = [
      ...dashboards.flatMap((d): [string, string][] => [
        [`${d.name}.json`, `${JSON.stringify(d.body, null, 2)}\n`],
        [`${d.name}.svg`, renderDashboardSvg(d)],
      ]),
      ['alarms.json', `${JSON.stringify({ alarms: alarms.map((a) => describeAlarm(a, input.stackPrefix)), notes }, null, 2)}\n`],
      ['saved-queries.json', `${JSON.stringify(savedQueries(input), null, 2)}\n`],
      ['observability.yaml', renderObservabilityTemplateYaml(input)],
    ];
    if (input.bundledCollector) {
      files.push(['collector-config.yaml', renderCollectorConfigYaml({ ...input, eventsLogGroupName: resources.eventsLogGroupName, emfLogGroupName: resources.emfLogGroupName })]);
    }
    for (const [name, text] of files) writeFileSync(join(dir, name), text);

    const written = files.map(([name]) => join(dir, name));
    if (flags.json) {
      io.result({ dashboards: dashboards.map((d) => ({ name: d.name, widgets: d.body.widgets.length })), alarms: alarms.map((a) => `${input.stackPrefix}-${a.name}`), notes, files: written });
    } else {
      io.result([
        `wrote ${written.length} files to ${dir}`,
        ...dashboards.map((d) => `  dashboard ${d.name}: ${d.body.widgets.length} widgets`),
        `  ${alarms.length} alarms (${input.collectorMode} mode) to topic ${input.stackPrefix}-alarms${input.alarmEmail ? `, emailing ${input.alarmEmail}` : ''}`,
        ...notes.map((n) => `  note: ${n}`),
      ].join('\n'));
    }
    return 0;
  },
});
