// The running session's sign-in code, for `cagw local probe` in another terminal of the same
// person: a mode 0600 file in the state directory, written fresh on every start and removed on
// stop. The code itself is printed only on the terminal that runs `cagw local`.
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';

export const SIGN_IN_CODE_FILE_NAME = 'sign-in-code';

export async function writeSignInCodeFile(stateDir: string, code: string): Promise<string> {
  const path = join(stateDir, SIGN_IN_CODE_FILE_NAME);
  // `mode` applies only when the file is created: never reuse one with other permissions
  await rm(path, { force: true });
  await writeFile(path, `${code}\n`, { mode: 0o600, flag: 'wx' });
  return path;
}

export async function removeSignInCodeFile(stateDir: string): Promise<void> {
  await rm(join(stateDir, SIGN_IN_CODE_FILE_NAME), { force: true });
}

export function readSignInCodeFile(path: string): string {
  try {
    const code = readFileSync(path, 'utf8').trim();
    if (code) return code;
  } catch {
    // reported below
  }
  throw new CagwError('LocalSignInCodeUnreadable', `${path} does not hold the running session's sign-in code`, {
    source: 'user',
    where: path,
    fix: 'run cagw local probe as the user who started cagw local, or restart cagw local',
  });
}
