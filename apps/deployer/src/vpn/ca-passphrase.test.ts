import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readCaPassphrase } from './ca-passphrase.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cagw-pass-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('read from a file only its owner can read, without the trailing newline', () => {
  const file = join(dir, 'vpn-ca.pass');
  writeFileSync(file, 'q7Vx2mLp9RtZ4wKs\n', { mode: 0o600 });
  expect(readCaPassphrase({ CAGW_VPN_CA_PASSPHRASE_FILE: file })).toBe('q7Vx2mLp9RtZ4wKs');
});

test('a file others can read is refused with chmod as the fix', () => {
  const file = join(dir, 'vpn-ca.pass');
  writeFileSync(file, 'q7Vx2mLp9RtZ4wKs\n');
  chmodSync(file, 0o644);
  expect(() => readCaPassphrase({ CAGW_VPN_CA_PASSPHRASE_FILE: file })).toThrow(expect.objectContaining({ code: 'VpnCaPassphraseExposed', fix: `chmod 600 ${file}` }));
});

test('the environment variable serves CI; nothing, or a short passphrase, is refused with how to make one', () => {
  expect(readCaPassphrase({ CAGW_VPN_CA_PASSPHRASE: 'q7Vx2mLp9RtZ4wKs' })).toBe('q7Vx2mLp9RtZ4wKs');
  expect(() => readCaPassphrase({})).toThrow(expect.objectContaining({ code: 'VpnCaPassphraseMissing', fix: expect.stringContaining('openssl rand -base64 32') }));
  expect(() => readCaPassphrase({ CAGW_VPN_CA_PASSPHRASE: 'short' })).toThrow(expect.objectContaining({ code: 'VpnCaPassphraseWeak' }));
});
