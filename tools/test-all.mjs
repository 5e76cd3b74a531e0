#!/usr/bin/env node
// `npm test`: every project's lint, typecheck, unit and integration targets, then one
// closing line "N passed, N failed" summed over every vitest report (CI reads that line).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reportDir = join(import.meta.dirname, '..', 'reports', 'vitest');
rmSync(reportDir, { recursive: true, force: true });

const nx = (args) => spawnSync('npx', ['nx', ...args], { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } }).status ?? 1;
// Unit-level targets run two at a time; integration targets one at a time (each starts real servers).
const fast = nx(['run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--skip-nx-cache']);
const slow = nx(['run-many', '-t', 'integration', '--parallel=1', '--skip-nx-cache']);

let passed = 0;
let failed = 0;
for (const file of existsSync(reportDir) ? readdirSync(reportDir) : []) {
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
}
const exitCode = fast !== 0 || slow !== 0 ? 1 : 0;
if (exitCode !== 0 && failed === 0) failed = 1; // a lint or typecheck failure counts as one failed check
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
