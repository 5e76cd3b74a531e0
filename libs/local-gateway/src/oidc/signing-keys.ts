// The dev issuer's signing key set, made so that Node 20's crypto cannot deadlock on it.
//
// Exporting a KeyObject as JWK holds that key's mutex; if a garbage collection runs inside the
// export and finalises the finished key-generation job that produced the key, the job's
// destructor takes the same mutex and the process hangs for ever (seen in a vitest worker:
// ~KeyGenJob -> uv_mutex_lock under KeyObjectHandle::ExportJWK). So no KeyObject is ever made
// here: the generation job itself encodes the private key as JWK, and what comes back is plain
// data. There is nothing left to export, and so nothing for a collection to collide with.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { JWK } from 'oidc-provider';

/** The algorithms the dev issuer can sign ID tokens with (the gateway's `id_token_signed_response_alg`). */
export const devIssuerSigningAlgs = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export type DevIssuerSigningAlg = (typeof devIssuerSigningAlgs)[number];

export interface SigningKeySetOptions {
  /**
   * RSA modulus in bits; 2048 for the issuer. Only the deadlock stress test lowers it, to make a
   * thousand sets in seconds: the key size does not change how the generation job lives and dies.
   */
  rsaModulusLength?: number;
}

/** A fresh key set for one issuer run: one key per algorithm, private parts included (JWK). */
export function makeSigningKeySet(options: SigningKeySetOptions = {}): JWK[] {
  const jwkEncoding = { publicKeyEncoding: { type: 'spki', format: 'jwk' }, privateKeyEncoding: { type: 'pkcs8', format: 'jwk' } } as const;
  // RS256 and PS256 are both RSA: one modulus serves both, each under its own kid and alg,
  // which halves the slowest part of an issuer's start (an RSA-2048 key takes ~160 ms here).
  const rsa = generateKeyPairSync('rsa', { modulusLength: options.rsaModulusLength ?? 2048, ...jwkEncoding }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', ...jwkEncoding }).privateKey;
  const ed = generateKeyPairSync('ed25519', jwkEncoding).privateKey;
  const signingKey = (jwk: object, alg: DevIssuerSigningAlg): JWK => ({ ...(jwk as JWK), kid: `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`, use: 'sig', alg });
  return [signingKey(rsa, 'RS256'), signingKey(rsa, 'PS256'), signingKey(ec, 'ES256'), signingKey(ed, 'EdDSA')];
}
