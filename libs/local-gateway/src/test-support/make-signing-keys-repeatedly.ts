// Run in a child process by signing-keys.int.test.ts, under `node --expose-gc`: makes the dev
// issuer's key set over and over, forcing a full garbage collection between sets, so that any
// key-generation job still alive would be finalised next to the next set's keys. Prints one
// line at the end; a deadlock shows as no line before the parent's deadline.
import { makeSigningKeySet } from '../oidc/signing-keys.ts';

const [count = '1000', modulus = '2048'] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run me with node --expose-gc');
let keys = 0;
for (let i = 0; i < Number(count); i += 1) {
  const set = makeSigningKeySet({ rsaModulusLength: Number(modulus) });
  keys += set.length;
  // Serialising is what the issuer does with the set when it publishes /jwks.
  JSON.stringify(set);
  gc();
}
process.stdout.write(`made ${count} key sets (${keys} keys)\n`);
