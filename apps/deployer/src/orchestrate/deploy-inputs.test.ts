// The VPN CA passphrase is a deploy input: a wrong one is found before the first stack
// operation by opening the profile's existing CA key with it (real openssl, a small EC key). The
// account's passphrase (Secrets Manager) satisfies it when the operator gives none.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '@cagw/profile';
import { afterAll, expect, test } from 'vitest';
import { deployInputProblems } from './deploy-inputs.ts';

const pkiDir = mkdtempSync(join(tmpdir(), 'cagw-deploy-inputs-pki-'));
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));
const RIGHT = 'the-passphrase-the-ca-was-made-with';
// encrypted as vpn-ca.ts encrypts the CA key; the passphrase reaches openssl through its environment
execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes-256-cbc', '-pass', 'env:PASS', '-out', join(pkiDir, 'ca.key')], { env: { ...process.env, PASS: RIGHT } });

const settings = { ENABLE_VPN: true, BUILD_IMAGE: false, profilePath: 'profiles/my.env' } as unknown as Settings;
const problems = (passphrase: string) => deployInputProblems({ settings, pins: [], preflight: [], pkiDir, env: { CAGW_VPN_CA_PASSPHRASE: passphrase } });

test('the passphrase that opens the CA key is no problem', () => {
  expect(problems(RIGHT)).toEqual([]);
});

test('a passphrase that does not open the CA key is named, with the key, before anything is created', () => {
  const [problem, ...others] = problems('another-passphrase-entirely');
  expect(others).toEqual([]);
  expect(problem?.input).toBe('CAGW_VPN_CA_PASSPHRASE');
  expect(problem?.message).toContain(join(pkiDir, 'ca.key'));
  expect(problem?.message).not.toContain('another-passphrase-entirely');
});

test('no local passphrase: the account\'s opens the CA key, or a CA not made yet gets one; without either the secret is named', () => {
  const withAccount = (account: { passphrase: string | undefined; caExists: boolean }, dir = pkiDir) => deployInputProblems({ settings, pins: [], preflight: [], pkiDir: dir, env: {}, account });
  expect(withAccount({ passphrase: RIGHT, caExists: true })).toEqual([]);
  const [wrong] = withAccount({ passphrase: 'another-passphrase-entirely', caExists: true });
  expect(wrong?.message).toContain(join(pkiDir, 'ca.key'));
  expect(withAccount({ passphrase: undefined, caExists: false }, join(pkiDir, 'none-yet'))).toEqual([]);
  const [missing, ...others] = withAccount({ passphrase: undefined, caExists: true }, join(pkiDir, 'none-yet'));
  expect(others).toEqual([]);
  expect(missing?.input).toBe('CAGW_VPN_CA_PASSPHRASE_FILE or CAGW_VPN_CA_PASSPHRASE');
  expect(missing?.fix).toContain('cagw/my/vpn-ca-passphrase');
});
