// The deadlock of issue 12: a garbage collection inside a JWK export finalised a key-generation
// job whose destructor waited on the lock the export held. The key set is made many times in a
// child process with forced collections in between; a hang is caught by the deadline.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const script = fileURLToPath(new URL('../test-support/make-signing-keys-repeatedly.ts', import.meta.url));

function makeKeySetsInChild(count: number, modulus: number, deadlineMs: number): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--conditions=development', '--import', 'tsx', script, String(count), String(modulus)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, output, timedOut });
    });
  });
}

// A thousand sets with 512-bit RSA, the smallest OpenSSL makes (the generation job's life is the
// same at any size; 1024-bit keys cost half as much CPU again, 2048-bit ones ~160 ms each), then
// ten at the issuer's real 2048 bits.
test.each([
  { count: 1000, modulus: 512, deadlineMs: 90_000 },
  { count: 10, modulus: 2048, deadlineMs: 90_000 },
])('makes $count key sets ($modulus-bit RSA) with forced collections and never hangs', async ({ count, modulus, deadlineMs }) => {
  const result = await makeKeySetsInChild(count, modulus, deadlineMs);
  expect(result.timedOut, `no answer within ${deadlineMs / 1000} s: the key set deadlocked\n${result.output}`).toBe(false);
  expect(result.code, result.output).toBe(0);
  expect(result.output).toContain(`made ${count} key sets (${count * 4} keys)`);
}, 100_000);
