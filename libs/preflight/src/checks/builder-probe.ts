// Whether a container builder can really build here, and how. docker and finch can when their
// engine answers. podman and buildah run a Dockerfile's RUN steps themselves, so an installed,
// answering buildah may still fail at the first RUN ("did not get container create message from
// subprocess: EOF": no OCI runtime works, e.g. inside a container). For them a tiny build whose
// one RUN step runs a 129-byte static program proves it, trying in turn the builder's defaults,
// chroot isolation, and chroot isolation with a vfs storage of cagw's own (overlay mounts may be
// refused too); the first way that works is the way cagw builds. The user's configuration is never
// written: the choices are flags of the builder's command line.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunCommand } from '../preflight-clients.ts';

export const BUILDER_NAMES = ['docker', 'podman', 'buildah', 'finch'] as const;
export type BuilderName = (typeof BUILDER_NAMES)[number];

/** How cagw runs a podman or buildah that needs more than its defaults. */
export interface BuilderMode {
  /** flags before the sub-command (the storage cagw keeps for itself) */
  globalArgs: string[];
  /** flags of `build` (the isolation of RUN steps) */
  buildArgs: string[];
  /** what cagw does differently and why, for the user; undefined when the defaults work */
  note?: string;
}

export type BuilderReadiness =
  | { ready: true; mode: BuilderMode; how: string }
  | { ready: false; /** the command that failed */ tried: string; /** the builder's last words */ said: string };

const READY_TIMEOUT_MS = 20_000;
/** a build from scratch of one file and one RUN step takes about a second; a busy machine more */
const PROBE_TIMEOUT_MS = 30_000;

/** The command that fails unless docker's or finch's engine answers. */
export const ENGINE_READY_ARGS = ['info', '--format', '{{.ServerVersion}}'];

/** cagw's own storage for podman or buildah, used only when the user's storage cannot build. */
export function ownStorage(env: NodeJS.ProcessEnv = process.env): { root: string; runroot: string } {
  const cache = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cagw', 'containers');
  return { root: join(cache, 'storage'), runroot: join(cache, 'run') };
}

/** The ways to try, in order: the builder's defaults first, so a working setup is left as it is. */
function modesToTry(name: 'podman' | 'buildah', env: NodeJS.ProcessEnv): BuilderMode[] {
  const storage = ownStorage(env);
  const chroot = ['--isolation', 'chroot'];
  return [
    { globalArgs: [], buildArgs: [] },
    { globalArgs: [], buildArgs: chroot, note: `cagw builds with ${name} --isolation chroot (as BUILDAH_ISOLATION=chroot would)` },
    {
      globalArgs: ['--storage-driver', 'vfs', '--root', storage.root, '--runroot', storage.runroot], buildArgs: chroot,
      note: `cagw builds with ${name} --isolation chroot and a vfs storage of its own in ${storage.root}`,
    },
  ];
}

/**
 * A static Linux program that exits 0 (ELF header, one loadable segment, exit(0)): the RUN
 * step of the probe needs something to run, and a build from scratch has no shell.
 */
export function exitZeroProgram(arch: string): Buffer | undefined {
  const machines: Record<string, { machine: number; code: string }> = {
    x64: { machine: 62, code: 'b83c00000031ff0f05' }, // mov eax, 60 (exit); xor edi, edi; syscall
    arm64: { machine: 183, code: '000080d2a80b80d2010000d4' }, // mov x0, 0; mov x8, 93 (exit); svc 0
  };
  const target = machines[arch];
  if (!target) return undefined;
  const code = Buffer.from(target.code, 'hex');
  const base = 0x400000n;
  const header = Buffer.alloc(64 + 56);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(header); // ELF, 64-bit, little-endian, version 1
  header.writeUInt16LE(2, 16); // an executable
  header.writeUInt16LE(target.machine, 18);
  header.writeUInt32LE(1, 20);
  header.writeBigUInt64LE(base + BigInt(header.length), 24); // entry: the code after the headers
  header.writeBigUInt64LE(64n, 32); // program headers right after this header
  header.writeUInt16LE(64, 52);
  header.writeUInt16LE(56, 54);
  header.writeUInt16LE(1, 56);
  const size = BigInt(header.length + code.length);
  header.writeUInt32LE(1, 64); // PT_LOAD
  header.writeUInt32LE(5, 68); // read and execute
  header.writeBigUInt64LE(base, 80);
  header.writeBigUInt64LE(base, 88);
  header.writeBigUInt64LE(size, 96);
  header.writeBigUInt64LE(size, 104);
  header.writeBigUInt64LE(0x1000n, 112);
  return Buffer.concat([header, code]);
}

/** bounded: a builder that hangs must not hang preflight or a build */
const runBounded: RunCommand = (command, args, options) => new Promise((resolve) => {
  execFile(command, args, { timeout: options.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
    resolve({ ok: !error, output: `${stdout}${stderr}${error?.killed ? `\n(no answer within ${options.timeoutMs / 1000} s)` : ''}` });
  });
});

const lastLine = (output: string) => output.trim().split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? 'no output';
/** buildah's own error (level=error msg="…"), else its last line */
const builderSaid = (output: string) => /level=error msg="(.*)"/.exec(output)?.[1] ?? lastLine(output);

/** One tiny build with `mode`; the image it made is removed again. */
async function tinyBuild(command: string, mode: BuilderMode, program: Buffer, run: RunCommand): Promise<{ ok: boolean; output: string; args: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-builder-probe-'));
  try {
    writeFileSync(join(dir, 'exit0'), program, { mode: 0o755 });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY exit0 /exit0\nRUN ["/exit0"]\n');
    const idFile = join(dir, 'image-id');
    const args = [...mode.globalArgs, 'build', ...mode.buildArgs, '--quiet', '--iidfile', idFile, dir];
    const result = await run(command, args, { timeoutMs: PROBE_TIMEOUT_MS });
    let id: string | undefined;
    try {
      id = readFileSync(idFile, 'utf8').trim();
    } catch {
      id = undefined;
    }
    if (id) await run(command, [...mode.globalArgs, 'rmi', '--force', id], { timeoutMs: READY_TIMEOUT_MS });
    return { ...result, args };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether builder `name` at `path` can build here, and the mode it builds in. */
export async function builderReadiness(
  name: BuilderName, path: string,
  options: { run?: RunCommand; env?: NodeJS.ProcessEnv; arch?: string } = {},
): Promise<BuilderReadiness> {
  const run = options.run ?? runBounded;
  if (name === 'docker' || name === 'finch') {
    const ready = await run(path, ENGINE_READY_ARGS, { timeoutMs: READY_TIMEOUT_MS });
    return ready.ok
      ? { ready: true, mode: { globalArgs: [], buildArgs: [] }, how: `${name} info answered` }
      : { ready: false, tried: `${name} ${ENGINE_READY_ARGS.join(' ')}`, said: lastLine(ready.output) };
  }
  const program = exitZeroProgram(options.arch ?? process.arch);
  if (!program) {
    // no probe program for this processor: the builder answering is all that can be known
    const info = await run(path, ['info'], { timeoutMs: READY_TIMEOUT_MS });
    return info.ok ? { ready: true, mode: { globalArgs: [], buildArgs: [] }, how: `${name} info answered` } : { ready: false, tried: `${name} info`, said: lastLine(info.output) };
  }
  let first: { tried: string; said: string } | undefined;
  for (const mode of modesToTry(name, options.env ?? process.env)) {
    const result = await tinyBuild(path, mode, program, run);
    if (result.ok) {
      const how = 'a build with a RUN step ran';
      return { ready: true, mode: first && mode.note ? { ...mode, note: `${mode.note}: with its defaults, ${first.tried} failed at the RUN step (${first.said})` } : mode, how };
    }
    first ??= { tried: `${name} build`, said: builderSaid(result.output) };
  }
  return { ready: false, tried: `${name} build (a one-step build from scratch)`, said: first?.said ?? 'no output' };
}
