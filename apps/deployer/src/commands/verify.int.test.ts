// `cagw verify` against the real gateway of a `cagw local` session (started once for the file):
// directly, behind a tiny TLS proxy with self-signed certificates (expired, wrong name, close to
// expiry, good), with a profile of another version, and with its database stopped. Most runs go
// through main() in this process; the one that depends on the working folder spawns cagw.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { promisify } from 'node:util';
import { startLocalGateway } from '@cagw/local-gateway';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import type { LocalSession } from '../local/start-local-session.ts';
import { CAGW_BIN as cagw, localProfileText, sessionFolder, startTestSession } from '../local/testing/local-session-fixture.ts';
import { main } from '../main.ts';

const run = promisify(execFile);

const folder = sessionFolder('verify');
const { dir, stateDir, profile } = folder;
let session: LocalSession;
let databaseDir: string;
const proxies: Server[] = [];

interface Result {
  id: string;
  status: string;
  message: string;
  fix: string;
}

/** cagw verify --json: in this process through main() (the same parsing and dispatch), or as a child process in `cwd`. */
async function verify(args: string[], profilePath = profile, cwd?: string): Promise<{ code: number; results: Result[] }> {
  const argv = ['verify', '--profile', profilePath, '--json', ...args];
  if (cwd === undefined) {
    const io = createRecordingIo();
    const code = await main(argv, io);
    return { code, results: (JSON.parse(io.stdout.join('\n')) as { results: Result[] }).results };
  }
  try {
    const { stdout } = await run(cagw, argv, { cwd, maxBuffer: 10 * 1024 * 1024 });
    return { code: 0, results: (JSON.parse(stdout) as { results: Result[] }).results };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (!failed.stdout) throw new Error(failed.stderr);
    return { code: failed.code, results: (JSON.parse(failed.stdout) as { results: Result[] }).results };
  }
}
const byId = (results: Result[]) => Object.fromEntries(results.map((result) => [result.id, result]));

// a test CA, and leaf certificates it signs: openssl ca takes explicit start and end dates
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
function makeCa(): void {
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'ca.cnf'), '[ca]\ndefault_ca=test\n[test]\ndatabase=./index.txt\nnew_certs_dir=.\nserial=./serial\ndefault_md=sha256\npolicy=any\ncopy_extensions=copy\nunique_subject=no\n[any]\ncommonName=supplied\n');
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=cagw verify test CA', '-days', '3650');
}
function makeLeaf(name: string, dns: string, start: Date, end: Date): { key: string; cert: string } {
  const stamp = (date: Date) => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${dns}`, '-addext', `subjectAltName=DNS:${dns}`);
  openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`, '-startdate', stamp(start), '-enddate', stamp(end), '-notext', '-rand_serial');
  return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
}

/** TLS on a loopback port in front of the gateway, as the load balancer terminates it. */
async function tlsProxy(credentials: { key: string; cert: string }): Promise<number> {
  const gatewayPort = session.ports.gateway;
  const server = createServer(credentials, (client) => {
    const upstream = connect(gatewayPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxies.push(server);
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  writeFileSync(profile, localProfileText());
  makeCa();
  session = await startTestSession(folder, 'verify-it', {
    startGateway: async (options) => {
      const gateway = await startLocalGateway(options);
      databaseDir = gateway.database.dataDir;
      return gateway;
    },
  });
});

afterAll(async () => {
  for (const server of proxies) server.close();
  await session?.stop();
});

test('--local: every check passes (TLS skipped on loopback HTTP), and --user signs bob in to the contractors policy', async () => {
  const { code, results } = await verify(['--local', '--state-dir', stateDir, '--user', 'bob@example.com']);
  const checks = byId(results);
  expect(Object.keys(checks)).toEqual(['dns-private', 'tls', 'healthz', 'readyz', 'version', 'issuer-discovery', 'device-authorization', 'managed-settings-guarded', 'sign-in']);
  expect(results.filter((result) => result.status !== 'pass').map((result) => result.id)).toEqual(['tls']);
  expect(checks.tls?.status).toBe('skip');
  expect(checks['sign-in']?.message).toMatch(/bob@example.com signed in; managed settings .*"availableModels":\["haiku"\].*"deny":\["Bash","WebFetch"\]/);
  expect(code).toBe(0);
});

test('behind TLS: an expired certificate, one for another name and one close to expiry each fail with the fix; a good one passes', async () => {
  const day = 86_400_000;
  const now = Date.now();
  const issuer = `http://127.0.0.1:${session.ports.issuer}`;
  const cases = [
    { name: 'expired', leaf: makeLeaf('expired', 'localhost', new Date(now - 90 * day), new Date(now - 30 * day)), expect: /not trusted: CERT_HAS_EXPIRED/, fix: /renew the certificate/ },
    { name: 'wrong-name', leaf: makeLeaf('wrong-name', 'gateway.other.example', new Date(now - day), new Date(now + 365 * day)), expect: /not trusted: ERR_TLS_CERT_ALTNAME_INVALID/, fix: /names include localhost/ },
    { name: 'soon', leaf: makeLeaf('soon', 'localhost', new Date(now - day), new Date(now + 10 * day)), expect: /expires in (9|10) day/, fix: /renew it now/ },
  ];
  for (const testCase of cases) {
    const port = await tlsProxy(testCase.leaf);
    const { code, results } = await verify(['--url', `https://localhost:${port}`, '--ca', join(dir, 'ca.pem'), '--issuer', issuer]);
    const tls = byId(results).tls;
    expect(tls, testCase.name).toMatchObject({ status: 'fail', message: expect.stringMatching(testCase.expect), fix: expect.stringMatching(testCase.fix) });
    expect(code, testCase.name).toBe(1);
  }
  const good = await tlsProxy(makeLeaf('good', 'localhost', new Date(now - day), new Date(now + 365 * day)));
  // the profile is in self-signed TLS mode: verify trusts the CA the deploy left in out/<profile>/pki
  mkdirSync(join(dir, 'out', 'verify', 'pki'), { recursive: true });
  copyFileSync(join(dir, 'ca.pem'), join(dir, 'out', 'verify', 'pki', 'gateway-ca.pem'));
  const { code, results } = await verify(['--url', `https://localhost:${good}`, '--issuer', issuer], profile, dir);
  expect(results.filter((result) => result.status !== 'pass')).toEqual([]);
  expect(byId(results).tls?.message).toMatch(/trusted for localhost, valid for 36\d more days/);
  expect(code).toBe(0);

  // without the profile's CA (another working folder), the same good certificate is not trusted
  const untrusted = await verify(['--url', `https://localhost:${good}`, '--issuer', issuer]);
  expect(byId(untrusted.results).tls).toMatchObject({ status: 'fail', fix: expect.stringMatching(/NODE_EXTRA_CA_CERTS, or --ca/) });
});

test("a profile of another version: the version check names both and says how to roll out", async () => {
  const other = join(dir, 'other-version.env');
  writeFileSync(other, `${readFileSync(profile, 'utf8')}\nCLAUDE_VERSION=2.1.329\n`);
  const { code, results } = await verify(['--local', '--state-dir', stateDir], other);
  expect(byId(results).version).toMatchObject({ status: 'fail', message: 'the gateway runs 2.1.330, the profile says CLAUDE_VERSION=2.1.329', fix: expect.stringMatching(/cagw deploy/) });
  expect(code).toBe(1);
});

test('with its database stopped, /readyz fails and verify names the database', async () => {
  const postmaster = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(postmaster, 'SIGINT');
  // PostgreSQL's fast shutdown takes a moment; wait until the gateway notices
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`${session.url}/readyz`).then((response) => response.status).catch(() => 0);
    if (ready !== 200) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { code, results } = await verify(['--local', '--state-dir', stateDir]);
  expect(byId(results).readyz).toMatchObject({ status: 'fail', message: expect.stringMatching(/cannot use its PostgreSQL database/), fix: expect.stringMatching(/database is available/) });
  expect(byId(results).healthz?.status).toBe('pass');
  expect(code).toBe(1);
});
