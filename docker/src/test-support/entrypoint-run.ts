// Runs entrypoint.sh for real, with a stand-in for the gateway binary that records what it was
// exec'd with: its argv, its environment, and the config file it was pointed at.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_DIR } from './run-bash.ts';

const RECORDER = `#!/usr/bin/env bash
printf '%s\\0' "$@" > "$CLAUDE_CONFIG_DIR/recorded-argv"
env -0 > "$CLAUDE_CONFIG_DIR/recorded-env"
`;

export interface EntrypointRun {
  status: number | null;
  stderr: string;
  /** undefined when the entrypoint never exec'd the binary */
  exec?: { argv: string[]; env: Record<string, string>; config: string };
}

/** A scratch directory with the recording binary; `run` starts entrypoint.sh with exactly `env`. */
export function entrypointSandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-entrypoint-'));
  const claudeBin = join(dir, 'claude');
  writeFileSync(claudeBin, RECORDER);
  chmodSync(claudeBin, 0o755);
  const configDir = join(dir, 'config');
  return {
    dir,
    configDir,
    claudeBin,
    run(env: Record<string, string>): EntrypointRun {
      rmSync(configDir, { recursive: true, force: true });
      const result = spawnSync('bash', ['--norc', '--noprofile', join(DOCKER_DIR, 'entrypoint.sh')], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CLAUDE_BIN: claudeBin, CLAUDE_CONFIG_DIR: configDir, ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
      const argvFile = join(configDir, 'recorded-argv');
      if (!existsSync(argvFile)) return { status: result.status, stderr: result.stderr };
      const argv = readFileSync(argvFile, 'utf8').split('\0').slice(0, -1);
      const recordedEnv = Object.fromEntries(
        readFileSync(join(configDir, 'recorded-env'), 'utf8')
          .split('\0')
          .slice(0, -1)
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      return { status: result.status, stderr: result.stderr, exec: { argv, env: recordedEnv, config: readFileSync(argv[2]!, 'utf8') } };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
