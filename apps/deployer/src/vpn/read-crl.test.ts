// The CRL reader against lists real openssl signed: the issue time it reads is the lastUpdate
// openssl prints, the same list in other line breaks is the same list, and text that is not a
// CRL is not read as one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { VpnCa } from './vpn-ca.ts';
import { readCrl, sameCrl } from './read-crl.ts';
import { crlIssuedAt, fixtureCa } from './testing/crl-fixture.ts';

let dir: string;
let ca: VpnCa;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cagw-read-crl-'));
  ca = await fixtureCa(join(dir, 'pki'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lastUpdateByOpenssl = (pem: string): Date => {
  writeFileSync(join(dir, 'x.crl'), pem);
  return new Date(execFileSync('openssl', ['crl', '-in', join(dir, 'x.crl'), '-noout', '-lastupdate'], { encoding: 'utf8' }).trim().replace(/^lastUpdate=/, ''));
};

test('the issue time is the lastUpdate openssl reads, in UTCTime and in GeneralizedTime (from 2050)', () => {
  for (const at of ['20261107093015Z', '20491231235959Z', '20510102030405Z']) {
    const pem = crlIssuedAt(ca, at, '20991231000000Z');
    expect(readCrl(pem)?.issuedAt).toEqual(lastUpdateByOpenssl(pem));
  }
  expect(readCrl(crlIssuedAt(ca, '20261107093015Z'))?.issuedAt.toISOString()).toBe('2026-11-07T09:30:15.000Z');
});

test('the same list in other line breaks is the same list; two issues of it are not', () => {
  const pem = crlIssuedAt(ca, '20261107093015Z');
  const rewrapped = pem.replace(/\n(?!-----)/g, '').replace('-----BEGIN X509 CRL-----', '-----BEGIN X509 CRL-----\r\n');
  const a = readCrl(pem);
  const b = readCrl(rewrapped);
  const later = readCrl(crlIssuedAt(ca, '20261201000000Z'));
  expect(a && b && sameCrl(a, b)).toBe(true);
  expect(a && later && sameCrl(a, later)).toBe(false);
});

test('text that is not a PEM X.509 CRL is not read as one', () => {
  expect(readCrl('')).toBeUndefined();
  expect(readCrl(ca.cert)).toBeUndefined();
  // the armour of a CRL around a certificate's body: a SEQUENCE, but no Time where thisUpdate goes
  expect(readCrl(ca.cert.replace(/CERTIFICATE/g, 'X509 CRL'))).toBeUndefined();
  // a truncated list
  const pem = crlIssuedAt(ca, '20261107093015Z');
  expect(readCrl(pem.replace(/\n[^\n]+\n-----END/, '\n-----END').replace(/[A-Za-z0-9+/=]{10}\n-----END/, '\n-----END'))).toBeUndefined();
});
