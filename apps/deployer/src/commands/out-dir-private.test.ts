// out/<profile>/ holds the VPN's CA, developers' keys and .ovpn files: whichever command makes it
// first (render, client-settings, dashboards, upgrade's rollback record) makes it its owner's only,
// whatever the umask (issue 27.9: `cagw render` left it 0755).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { writeRollbackRecord } from '../upgrade/rollback-record.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));
let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cagw-out-mode-'));
  // the most common umask: what made the folder 0755 before
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o777;

test.each([
  ['render', (dir: string) => ['render', '--profile', `${profiles}managed-newcognito-collector-vpn.env`, '--out', dir]],
  ['client-settings', (dir: string) => ['client-settings', '--profile', `${profiles}managed-newcognito-collector-vpn.env`, '--out', join(dir, 'client-settings')]],
])('%s makes out/<profile>/ 0700', async (_name, argv) => {
  const outDir = join(root, 'out', 'managed-newcognito-collector-vpn');
  const io = createRecordingIo();
  expect(await main(argv(outDir), io), io.stderr.join('\n')).toBe(0);
  expect(mode(outDir)).toBe(0o700);
});

test('the rollback record makes out/<profile>/ 0700', () => {
  const outDir = join(root, 'out', 'p');
  writeRollbackRecord(join(outDir, 'rollback.json'), { previousVersion: '2.1.0', previousImage: 'x', upgradedTo: '2.1.1', at: new Date(0).toISOString() });
  expect(mode(outDir)).toBe(0o700);
});
