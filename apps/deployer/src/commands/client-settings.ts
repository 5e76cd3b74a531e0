// cagw client-settings: the files an MDM pushes to developer machines (managed-settings.json,
// a macOS configuration profile) and a README of where each goes and of every step a developer
// takes, the VPN included when the profile has one. No AWS call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { clientSettingsFiles, clientSettingsInputOf } from '../orchestrate/client-settings.ts';

export const clientSettingsCommand = defineCommand({
  name: 'client-settings',
  summary: 'Write managed-settings.json, a macOS .mobileconfig and a README of every step for developer machines',
  flags: {
    profile: profileFlag,
    out: { type: 'string', value: 'DIR', desc: 'folder to write the files to (default ./out/<profile>/client-settings)' },
    json: { type: 'boolean', desc: 'print { files } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const settings = loadProfile(flags.profile, io);
    const dir = flags.out ?? join('out', flags.profile ? flags.profile.replace(/^.*\//, '').replace(/\.env$/, '') : 'environment', 'client-settings');
    // out/<profile>/ also holds the VPN's files: made its owner's only (issue 27.9)
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = clientSettingsFiles(clientSettingsInputOf(settings));
    for (const f of files) writeFileSync(join(dir, f.name), f.content);
    const paths = files.map((f) => join(dir, f.name));
    io.result(flags.json ? { files: paths } : `wrote ${paths.join(', ')}\n(README.txt says where each file goes on macOS, Linux and Windows, and every step a developer takes${settings.ENABLE_VPN ? ', the VPN first' : ''})`);
    return 0;
  },
});
