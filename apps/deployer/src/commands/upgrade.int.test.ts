// cagw upgrade's comparison under two real gateway binaries: the pinned one from the workspace
// and another release installed from npm into a temp cache; and the downgrade refusal as a
// person meets it on the command line.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PINNED_GATEWAY_VERSION, stopSharedServices } from '@cagw/local-gateway';
import { loadSettingsOrThrow } from '@cagw/profile';
import { afterAll, expect, test } from 'vitest';
import { compareUnderBoth } from '../upgrade/compare-under-both.ts';
import { formatComparison } from './upgrade.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cagw = join(root, 'node_modules/.bin/cagw');
const run = promisify(execFile);
// a published release before the pinned one (also what local-gateway's own binary test installs)
const OLDER = '2.1.329';
const dir = mkdtempSync(join(tmpdir(), 'cagw-upgrade-it-'));
const cacheDir = join(dir, 'cache');

function profileAt(version: string): string {
  const local = readFileSync(join(root, 'profiles/local.env'), 'utf8').replace(/^POLICIES_FILE=.*$/m, `POLICIES_FILE=${join(root, 'profiles/policies.example.yaml')}`);
  const path = join(dir, `at-${version}.env`);
  writeFileSync(path, `${local}\nCLAUDE_VERSION=${version}\n`);
  return path;
}

afterAll(async () => {
  await stopSharedServices();
  rmSync(dir, { recursive: true, force: true });
});

test(`${OLDER} -> the pinned version: both real binaries boot the config, and the comparison says what changes`, async () => {
  const settings = loadSettingsOrThrow({ profilePath: profileAt(OLDER), env: {} }).settings;
  const comparison = await compareUnderBoth(settings, PINNED_GATEWAY_VERSION, { cacheDir, profileName: 'upgrade-it' });
  expect(comparison.current).toMatchObject({ version: OLDER, result: 'pass' });
  expect(comparison).toMatchObject({ from: OLDER, to: PINNED_GATEWAY_VERSION, accepted: true, refused: [] });
  expect(formatComparison(comparison)).toMatch(new RegExp(`^claude gateway ${OLDER} -> ${PINNED_GATEWAY_VERSION}: the new version boots this config`));
  // the older binary really came from npm, into the temp cache
  expect(readFileSync(join(cacheDir, '@anthropic-ai__claude-code-linux-x64', OLDER, 'node_modules/@anthropic-ai/claude-code-linux-x64/package.json'), 'utf8')).toContain(`"version": "${OLDER}"`);
});

test('a version older than the profile runs is refused before anything boots, unless --allow-downgrade', async () => {
  const refused = await run(cagw, ['upgrade', '--profile', profileAt(PINNED_GATEWAY_VERSION), '--to', OLDER, '--check'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
  expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`${OLDER} is older than ${PINNED_GATEWAY_VERSION}[\\s\\S]*--allow-downgrade`)) });
});
