// `cagw local` as a person runs it: a child process with the real gateway, embedded PostgreSQL,
// the development issuer and the stub upstream; `cagw local probe` signs the test users in
// through the real device flow; SIGINT must leave no port open and no process behind.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreeLoopbackPort, isLoopbackPortListening } from '@cagw/local-gateway';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ProbeReport } from '../local/probe-local-session.ts';
import { CAGW_BIN as cagw, sessionFolder, WORKSPACE_ROOT as root } from '../local/testing/local-session-fixture.ts';
import { waitFor } from '@cagw/test-support';

const run = promisify(execFile);

interface SessionSummary {
  url: string;
  ports: Record<string, number>;
  gatewayPid: number;
  stateDir: string;
  managedSettings: { forceLoginGatewayUrl: string };
  users: { email: string; policy: string }[];
}

const { stateDir } = sessionFolder('local');
let child: ChildProcess;
let exited: Promise<number | null>;
let summary: SessionSummary;
const stderr: string[] = [];

function pidsWithCommandLineContaining(needle: string): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(needle) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function portsClosed(ports: number[]): Promise<boolean> {
  for (const port of ports) if (await isLoopbackPortListening(port)) return false;
  return true;
}

/** Starts `cagw local` detached (SIGINT then reaches it alone, not its children) and waits for its session. */
function startCagwLocal(port: number, log: string[]): { child: ChildProcess; exited: Promise<number | null>; ready: Promise<SessionSummary> } {
  const child = spawn(cagw, ['local', '--profile', 'profiles/local.env', '--upstream', 'stub', '--port', String(port), '--state-dir', stateDir, '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<SessionSummary>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      try {
        resolve(JSON.parse(text) as SessionSummary);
      } catch {
        // the JSON document is not complete yet
      }
    });
    void exited.then((code) => reject(new Error(`cagw local exited with ${code} before it was ready: ${log.join('')}`)));
  });
  return { child, exited, ready };
}

async function cagwJson<T>(args: string[]): Promise<T> {
  const { stdout } = await run(cagw, args, { cwd: root, maxBuffer: 10 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

beforeAll(async () => {
  const started = startCagwLocal(await findFreeLoopbackPort(), stderr);
  child = started.child;
  exited = started.exited;
  summary = await started.ready;
});

const children: ChildProcess[] = [];
afterAll(() => {
  for (const started of [child, ...children]) if (started.exitCode === null && started.signalCode === null) started.kill('SIGKILL');
});

test('the session is up on the port asked for, with the managed settings a local Claude Code needs', async () => {
  expect(summary.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(summary.managedSettings.forceLoginGatewayUrl).toBe(summary.url);
  expect(summary.users.map((user) => [user.email, user.policy])).toEqual([
    ['alice@example.com', 'engineering'],
    ['bob@example.com', 'contractors'],
    ['fiona@example.com', 'finance'],
  ]);
  for (const port of Object.values(summary.ports)) expect(await isLoopbackPortListening(port)).toBe(true);
});

test('probe: engineering sees its models; a contractor sees only Haiku, is denied Bash, and gets 400 outside the allowlist', async () => {
  const report = await cagwJson<ProbeReport>(['local', 'probe', '--state-dir', stateDir, '--json']);
  const byEmail = new Map(report.users.map((user) => [user.email, user]));
  const alice = byEmail.get('alice@example.com')!;
  const bob = byEmail.get('bob@example.com')!;
  expect(report.users.every((user) => user.signedIn && user.error === undefined)).toBe(true);

  expect(alice.policy).toBe('engineering');
  expect(alice.managedSettings?.settings).toMatchObject({ availableModels: ['opus', 'sonnet', 'haiku'], env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } });
  // model ids come from config-render's catalogue; the families come from the policies
  for (const family of ['opus', 'sonnet', 'haiku']) expect(alice.models.filter((model) => model.includes(family))).not.toEqual([]);
  expect(alice.models.filter((model) => !/opus|sonnet|haiku/.test(model))).toEqual([]);

  expect(bob.policy).toBe('contractors');
  expect(bob.managedSettings?.settings).toMatchObject({ availableModels: ['haiku'], permissions: { deny: ['Bash', 'WebFetch'] } });
  expect(bob.models).not.toEqual([]);
  expect(bob.models.filter((model) => !model.includes('haiku'))).toEqual([]);
  expect(bob.outsideAllowlist).toMatchObject({ status: 400, refused: true, error: expect.stringMatching(/not in your role's availableModels allowlist/) });

  const fiona = byEmail.get('fiona@example.com')!;
  expect(fiona.policy).toBe('finance');
  expect(fiona.models).not.toEqual([]);
  expect(fiona.models.filter((model) => !model.includes('sonnet'))).toEqual([]);
});

test('probe --cap-demo: a zero cap through the admin API gives the capped user 429 and nobody else', async () => {
  const report = await cagwJson<ProbeReport>(['local', 'probe', '--state-dir', stateDir, '--cap-demo', '--user', 'bob@example.com', '--json']);
  expect(report.capDemo).toMatchObject({ user: 'bob@example.com', ok: true, blocked: { status: 429, error: expect.stringMatching(/spend limit reached/) } });
  expect(report.capDemo?.others.map((other) => [other.email, other.status])).toEqual([
    ['alice@example.com', 200],
    ['fiona@example.com', 200],
  ]);
});

test('a second cagw local on the same port or the same state directory ends with one message and exit 1', async () => {
  const samePort = await run(cagw, ['local', '--profile', 'profiles/local.env', '--upstream', 'stub', '--port', String(summary.ports.gateway), '--state-dir', join(stateDir, '..', 'other')], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
  expect(samePort).toMatchObject({ code: 1, stderr: expect.stringMatching(/port \d+ on 127\.0\.0\.1 is already in use/) });
  const sameState = await run(cagw, ['local', '--profile', 'profiles/local.env', '--upstream', 'stub', '--port', String(await findFreeLoopbackPort()), '--state-dir', stateDir], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
  expect(sameState).toMatchObject({ code: 1, stderr: expect.stringMatching(/cagw local already runs for this profile/) });
});

test('SIGINT stops the gateway, PostgreSQL, the issuer and the stub, closes every port, and exits 130', async () => {
  const postgresPids = pidsWithCommandLineContaining(join(stateDir, 'postgres'));
  expect(postgresPids.length).toBeGreaterThan(0);
  expect(isAlive(summary.gatewayPid)).toBe(true);

  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr.join('')).toMatch(/stopped: the gateway, PostgreSQL, the sign-in issuer and the stub no longer run/);
  for (const port of Object.values(summary.ports)) expect(await isLoopbackPortListening(port)).toBe(false);
  expect(isAlive(summary.gatewayPid)).toBe(false);
  expect(postgresPids.filter(isAlive)).toEqual([]);
  expect(pidsWithCommandLineContaining(stateDir)).toEqual([]);
});

test('a second stop signal while stopping forces the stop: still exit 130, and nothing is left a moment later', async () => {
  // the state directory is initialised now: this start reuses its PostgreSQL data
  const log: string[] = [];
  const again = startCagwLocal(await findFreeLoopbackPort(), log);
  children.push(again.child);
  const session = await again.ready;
  const postgresPids = pidsWithCommandLineContaining(join(stateDir, 'postgres'));

  // two signals in one burst (two SIGINTs could merge into one before delivery): the stop is
  // far quicker than a person, so the second must come before it ends
  again.child.kill('SIGINT');
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(130);
  expect(log.join('')).toMatch(/stopping now/);
  // PostgreSQL got its fast-shutdown signal on the way out and may take a moment to finish
  expect(await waitFor(() => portsClosed(Object.values(session.ports)), 10_000)).toBe(true);
  expect(await waitFor(() => !isAlive(session.gatewayPid) && postgresPids.every((pid) => !isAlive(pid)), 10_000)).toBe(true);
  expect(pidsWithCommandLineContaining(stateDir)).toEqual([]);
});

test("a terminal's Ctrl-C, which signals the gateway and PostgreSQL as well, still ends in an orderly stop with exit 130", async () => {
  const log: string[] = [];
  const again = startCagwLocal(await findFreeLoopbackPort(), log);
  children.push(again.child);
  const session = await again.ready;
  const postgresPids = pidsWithCommandLineContaining(join(stateDir, 'postgres'));

  process.kill(-again.child.pid!, 'SIGINT');
  expect(await again.exited).toBe(130);
  expect(log.join('')).toMatch(/stopped: the gateway/);
  expect(log.join('')).not.toMatch(/stopping now/);
  expect(await portsClosed(Object.values(session.ports))).toBe(true);
  expect(postgresPids.filter(isAlive)).toEqual([]);
  expect(pidsWithCommandLineContaining(stateDir)).toEqual([]);
});
