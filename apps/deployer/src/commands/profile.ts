// cagw profile: show the resolved Settings of a profile, or every problem with it.
import { explainVariables, formatProblem, loadSettings, variableNames, type ProfileProblem, type Settings, type ValueSource } from '@cagw/profile';
import { FAMILY_ALIASES, MODEL_CATALOGUE } from '@cagw/config-render';
import { defineCommand } from '../cli/command-spec.ts';
import { profileFlag } from '../cli/load-profile.ts';
import { formatTable } from '../cli/format-table.ts';

export const profileCommand = defineCommand({
  name: 'profile',
  summary: 'Check a profile and show its resolved settings (or every problem with it)',
  details: [
    'Reads the profile file and the environment (the environment wins), applies defaults and checks',
    'every variable, and POLICIES_FILE\'s keys, models and denied tools against what the gateway accepts',
    '(each problem at its file:line, with the name probably meant). No AWS call is made. Secrets appear',
    'only as their Secrets Manager ARNs.',
    'Exit 0 when the profile is valid, 1 when it has problems.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    json: { type: 'boolean', desc: 'print { settings, sources, warnings } or { problems } as one JSON document' },
    explain: { type: 'boolean', desc: 'print every variable cagw reads: group, type, default, meaning' },
  },
  async run(flags, _positionals, io) {
    if (flags.explain) {
      const rows = explainVariables();
      io.result(flags.json ? { variables: rows } : formatTable(['variable', 'group', 'type', 'default', 'meaning'], rows.map((r) => [r.name, r.group, r.type, r.default, r.description])));
      return 0;
    }
    // POLICIES_FILE's models are checked against what the gateway offers: the catalogue cagw renders, and the family aliases
    const policyNames = { models: [...FAMILY_ALIASES, ...MODEL_CATALOGUE.map((m) => m.id)] };
    const loaded = loadSettings({ ...(flags.profile ? { profilePath: flags.profile } : {}), env: process.env, policyNames });
    if (!loaded.settings) {
      if (flags.json) io.result({ problems: loaded.problems, warnings: loaded.warnings });
      else reportProblems(loaded.problems, io);
      return 1;
    }
    for (const w of loaded.warnings) io.warn(formatProblem(w));
    io.result(flags.json ? { settings: loaded.settings, sources: loaded.sources, warnings: loaded.warnings } : formatSettings(loaded.settings, loaded.sources));
    return 0;
  },
});

function reportProblems(problems: ProfileProblem[], io: Parameters<typeof profileCommand.run>[2]): void {
  io.error(`the profile has ${problems.length} problem(s):`);
  for (const p of problems) io.info(`  - ${formatProblem(p)}`);
}

function formatSettings(settings: Settings, sources: Record<string, ValueSource>): string {
  const derived = [
    ['TLS mode', settings.tlsMode], ['gateway URL', settings.publicUrl], ['IdP', settings.idpMode],
    ['telemetry', settings.collectorEndpoint ?? 'off'], ['Bedrock region', settings.bedrockRegion],
    ['stacks', Object.values(settings.stackNames).join(', ')],
    ['policies', settings.policies.map((p) => `${p.name}${p.groups.length ? ` (${p.groups.join(', ')})` : ' (everyone else)'}`).join('; ')],
  ];
  const rows = variableNames.filter((name) => sources[name]).map((name) => {
    const source = sources[name]!;
    const value = (settings as unknown as Record<string, unknown>)[name];
    return [name, shownValue(value), source.from === 'profile' ? source.where : source.from];
  });
  return [formatTable(['', ''], derived), '', formatTable(['variable', 'value', 'from'], rows)].join('\n');
}

/** A value as the profile writes it: lists comma separated, maps (TAGS) as key=value pairs. */
function shownValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(',');
  return String(value);
}
