// Real revocation lists for tests, signed by a real VPN CA (vpn-ca.ts) at a chosen time: the
// deploy compares lists by when they were issued, and two lists signed in the same second
// would look alike. openssl 3's `ca -gencrl -crl_lastupdate` sets that time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openVpnCa, type VpnCa } from '../vpn-ca.ts';

export const FIXTURE_CA_PASSPHRASE = 'q7Vx2mLp9RtZ4wKs-fixture-ca';

export async function fixtureCa(pkiDir: string): Promise<VpnCa> {
  return openVpnCa(pkiDir, 'claude-gateway', FIXTURE_CA_PASSPHRASE);
}

/** A CRL of the CA in pkiDir issued at `at` (YYYYMMDDHHMMSSZ); pki/crl.pem is left as it was. */
export function crlIssuedAt(ca: VpnCa, at: string, nextUpdate = '20301231000000Z'): string {
  const out = join(ca.dir, `.crl-${at}.pem`);
  execFileSync('openssl', ['ca', '-gencrl', '-config', join(ca.dir, 'openssl-ca.cnf'), '-passin', 'env:CAGW_FIXTURE_PASS', '-crl_lastupdate', at, '-crl_nextupdate', nextUpdate, '-out', out], {
    env: { ...process.env, CAGW_FIXTURE_PASS: FIXTURE_CA_PASSPHRASE }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readFileSync(out, 'utf8');
}
