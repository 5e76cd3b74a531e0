// After an upgrade or a rollback the profile must say the version that runs, or the next
// `cagw deploy` would quietly undo it: rewrite (or add) its CLAUDE_VERSION line, nothing else.
import { readFileSync, writeFileSync } from 'node:fs';

export function setProfileVersion(profilePath: string, version: string): void {
  const text = readFileSync(profilePath, 'utf8');
  const line = `CLAUDE_VERSION=${version}`;
  const updated = /^\s*(export\s+)?CLAUDE_VERSION=.*$/m.test(text) ? text.replace(/^\s*(export\s+)?CLAUDE_VERSION=.*$/m, line) : `${text.replace(/\n?$/, '\n')}${line}\n`;
  writeFileSync(profilePath, updated);
}
