// cagw render: the profile's gateway.yaml, its packed form and the developers'
// managed-settings.json, written to a folder. No AWS call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CagwError } from '@cagw/errors';
import { assertFitsParameterLimit, managedSettingsJson, renderGatewayConfig } from '@cagw/config-render';
import { describeError } from '../cli/cli-io.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { profileFlag, profileName } from '../cli/load-profile.ts';
import { loadRenderableProfile } from '../cli/load-renderable-profile.ts';

/** `profiles/my.env` → `my`; no profile file → `environment`. */
export const renderCommand = defineCommand({
  name: 'render',
  summary: "Write the profile's gateway.yaml, its packed form and managed-settings.json (no AWS call)",
  details: [
    'Files written to DIR (default ./out/<profile name>):',
    '  gateway.yaml           the readable, commented gateway configuration',
    '  gateway.packed         the same, comments stripped, gzip + base64: what the task definition carries',
    '  managed-settings.json  for /etc/claude-code/ (or its macOS/Windows place) on every developer machine',
    "The packed form must fit CloudFormation's 4,096-byte parameter limit; exit 1 when it does not,",
    'or when the profile has problems (all of them are listed).',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    out: { type: 'string', value: 'DIR', desc: 'folder to write the files to (default ./out/<profile name>)' },
    json: { type: 'boolean', desc: 'print { bytes, packedBytes, limit, files } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const settings = loadRenderableProfile(flags.profile, io);
    const name = profileName(flags.profile);
    const rendered = renderGatewayConfig(settings, { profileName: name });
    const dir = flags.out ?? join('out', name);
    // out/<profile>/ also holds the VPN's keys and .ovpn files: its owner's only (issue 27.9)
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = [
      [join(dir, 'gateway.yaml'), rendered.yaml],
      [join(dir, 'gateway.packed'), `${rendered.packed}\n`],
      [join(dir, 'managed-settings.json'), managedSettingsJson(settings)],
    ] as const;
    for (const [path, text] of files) writeFileSync(path, text);

    const { budget } = rendered;
    const shown = files.map(([path]) => displayPath(path));
    if (flags.json) io.result({ bytes: budget.yamlBytes, packedBytes: budget.packedBytes, limit: budget.limit, files: shown });
    else {
      io.result([
        `wrote ${shown.join(', ')}`,
        `gateway.yaml ${budget.yamlBytes} bytes; packed ${budget.packedBytes} of ${budget.limit} bytes (${Math.round((100 * budget.packedBytes) / budget.limit)}%)`,
        `the gateway task needs: ${rendered.requiredEnv.join(', ')}`,
      ].join('\n'));
    }
    try {
      assertFitsParameterLimit(budget, settings.policies.length);
    } catch (e) {
      if (!CagwError.is(e)) throw e;
      io.error(describeError(e));
      return 1;
    }
    return 0;
  },
});

/** Relative to the working folder when inside it, else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') ? resolve(path) : rel;
}
