// cagw client-settings: the files an MDM pushes to developer machines (managed-settings.json,
// a macOS configuration profile, and where each goes on macOS, Linux and Windows). No AWS call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { clientSettingsFiles } from '../orchestrate/client-settings.ts';

export const clientSettingsCommand = defineCommand({
  name: 'client-settings',
  summary: 'Write managed-settings.json, a macOS .mobileconfig and placement notes for developer machines',
  flags: {
    profile: profileFlag,
    out: { type: 'string', value: 'DIR', desc: 'folder to write the files to (default ./out/<profile>/client-settings)' },
    json: { type: 'boolean', desc: 'print { files } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const settings = loadProfile(flags.profile, io);
    const dir = flags.out ?? join('out', flags.profile ? flags.profile.replace(/^.*\//, '').replace(/\.env$/, '') : 'environment', 'client-settings');
    mkdirSync(dir, { recursive: true });
    const files = clientSettingsFiles({ publicUrl: settings.publicUrl, stackPrefix: settings.STACK_PREFIX, selfSigned: settings.tlsMode === 'self-signed' });
    for (const f of files) writeFileSync(join(dir, f.name), f.content);
    const paths = files.map((f) => join(dir, f.name));
    io.result(flags.json ? { files: paths } : `wrote ${paths.join(', ')}\n(README.txt says where each file goes on macOS, Linux and Windows)`);
    return 0;
  },
});
