import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { devIssuerSigningAlgs, makeSigningKeySet } from './signing-keys.ts';

describe('makeSigningKeySet', () => {
  const keys = makeSigningKeySet();

  test('has one signing key per algorithm the gateway can ask for, each with its own kid', () => {
    expect(keys.map((key) => key.alg)).toEqual([...devIssuerSigningAlgs]);
    expect(new Set(keys.map((key) => key.kid)).size).toBe(keys.length);
    expect(keys.every((key) => key.use === 'sig')).toBe(true);
  });

  test('keys are usable private keys: a signature verifies with the public half', () => {
    const message = Buffer.from('id token body');
    for (const jwk of keys) {
      const privateKey = createPrivateKey({ key: jwk as never, format: 'jwk' });
      const publicKey = createPublicKey(privateKey);
      const digest = jwk.kty === 'OKP' ? null : 'sha256';
      expect(verify(digest, message, publicKey, sign(digest, message, privateKey)), String(jwk.alg)).toBe(true);
    }
  });

  test('RS256 and PS256 share one 2048-bit modulus; every run makes new keys', () => {
    const [rs, ps] = keys;
    expect(rs?.n).toBe(ps?.n);
    expect(Buffer.from(String(rs?.n), 'base64url').length * 8).toBe(2048);
    expect(makeSigningKeySet()[0]?.n).not.toBe(rs?.n);
  });
});
