// The real docker/Dockerfile, built by `cagw image build` with buildah from a Debian base served
// by a loopback registry, the release from a loopback mirror signed by a key made here, the key
// and the RDS bundle as files; pushed to that registry, then booted as uid 10001 against
// embedded PostgreSQL and the dev issuer. One build serves every check of this file; a second,
// from a tampered mirror, runs beside it and must stop at the verify stage.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_TEST_USERS, findFreeLoopbackPort, PINNED_GATEWAY_VERSION, startDevIssuer, startLocalPostgres } from '@cagw/local-gateway';
import type { DevIssuer, LocalPostgres } from '@cagw/local-gateway';
import { REPO_DIR, secretFileFor10001, startImageFixture } from './test-support/image-fixture.ts';
import type { CommandResult, ImageFixture } from './test-support/image-fixture.ts';
import { stopProcessTree } from './test-support/process-tree.ts';

const BUILD_TIMEOUT_MS = 15 * 60_000;
const ROLE = 'gw app@corp';
const PASSWORD = `p#w%d&x@y/z?q:r s+t=;,[]!$'()*"\\${randomBytes(4).toString('hex')}`;
const DATABASE = 'claude_gateway';

let fixture: ImageFixture;
let profile: string;
let repository: string;
let built: CommandResult;
let tampered: CommandResult;
let pushed: { image: string; tag: string; digest: string };
/** the built image, opened as a buildah working container */
let container: string;

beforeAll(async () => {
  fixture = await startImageFixture();
  profile = join(fixture.work, 'gateway.env');
  const shipped = readFileSync(join(REPO_DIR, 'profiles', 'byo-oidc-byotelemetry.env'), 'utf8');
  writeFileSync(profile, `${shipped}\nIMAGE_BUILDER=buildah\n`);
  repository = `${fixture.registry}/cagw-gateway`;
  const { release } = fixture;
  const offline = ['--base', fixture.base, ...release.signerFlags, '--ca-bundle', release.caBundleFile];
  [built, tampered] = await Promise.all([
    fixture.cagw(['image', 'build', '--profile', profile, '--push', '--repository', repository, '--release-mirror', release.goodUrl, ...offline, '--json'], BUILD_TIMEOUT_MS),
    fixture.cagw(['image', 'build', '--profile', profile, '--tag', 'tampered', '--release-mirror', release.tamperedUrl, ...offline], BUILD_TIMEOUT_MS),
  ]);
  if (built.status !== 0) throw new Error(`cagw image build failed:\n${built.stderr}`);
  pushed = JSON.parse(built.stdout) as typeof pushed;
  container = (await fixture.buildah(['from', '--quiet', '--tls-verify=false', pushed.image])).trim();
}, BUILD_TIMEOUT_MS + 10 * 60_000);

afterAll(async () => {
  await fixture?.dispose();
}, 120_000);

/** Runs a command in the built image as its own user (10001), with /tmp its only writable place. */
const inImage = (args: string[], timeoutMs = 60_000) => fixture.buildah(['run', '--mount', 'type=tmpfs,destination=/tmp', container, '--', ...args], timeoutMs);

describe('the image, built for real with buildah', () => {
  test('is pushed to the registry under the digest the registry itself reports for the tag', async () => {
    expect(pushed.tag).toMatch(new RegExp(`^${PINNED_GATEWAY_VERSION.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
    const answer = await fetch(`http://${repository.replace('/', '/v2/')}/manifests/${pushed.tag}`, {
      method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' },
    });
    expect(answer.status).toBe(200);
    expect(pushed.digest).toBe(answer.headers.get('docker-content-digest'));
    expect(pushed.image).toBe(`${repository}@${pushed.digest}`);
  });

  test("is exactly the gateway stack's image parameter in the plan of a profile that runs it", async () => {
    const runIt = join(fixture.work, 'run-it.env');
    const shipped = readFileSync(join(REPO_DIR, 'profiles', 'byo-oidc-byotelemetry.env'), 'utf8');
    writeFileSync(runIt, `${shipped}\nBUILD_IMAGE=false\nGATEWAY_IMAGE_URI=${pushed.image}\n`);
    const plan = await fixture.cagw(['plan', '--profile', runIt, '--json'], 120_000);
    expect(plan.status, plan.stderr).toBe(0);
    const stacks = (JSON.parse(plan.stdout) as { stacks: { template: string; parameters: Record<string, unknown> }[] }).stacks;
    expect(stacks.find((s) => s.template === 'gateway.yaml')?.parameters.GatewayImageUri).toBe(`${repository}@${pushed.digest}`);
  });

  test('runs as uid 10001 and carries the pinned claude, with no curl, gpg or apt lists in the runtime stage', async () => {
    const inspected = JSON.parse(await fixture.buildah(['inspect', '--type', 'image', pushed.image])) as { Docker: { config: { User: string; Healthcheck?: { Test: string[] }; Volumes?: Record<string, unknown> } } };
    const config = inspected.Docker.config;
    expect(config.User).toBe('10001:10001');
    expect(config.Healthcheck?.Test).toEqual(['CMD', '/opt/cagw/healthcheck.sh']);
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/tmp']);
    expect((await inImage(['id', '-u'])).trim()).toBe('10001');
    expect((await inImage(['claude', '--version'])).trim()).toBe(`${PINNED_GATEWAY_VERSION} (Claude Code)`);
    const contents = await inImage(['bash', '-c', 'for t in curl wget gpg gpg-agent dirmngr; do command -v "$t" || true; done; ls -A /var/lib/apt/lists; echo end']);
    expect(contents.trim()).toBe('end');
    // the offline inputs reached the image: the RDS bundle given as a file
    expect(await inImage(['cat', '/etc/claude/rds-global-bundle.pem'])).toBe(readFileSync(fixture.release.caBundleFile, 'utf8'));
    // root owns what the image ships: uid 10001 can change none of it
    expect((await inImage(['bash', '-c', 'for f in /usr/local/bin/claude /opt/cagw /etc/claude /etc/passwd; do [[ -w "$f" ]] && echo "$f"; done; echo end'])).trim()).toBe('end');
  });

  test('a tampered release fails the build at the verify stage, with one line saying why', () => {
    expect(tampered.status).toBe(1);
    const errors = tampered.stderr.split('\n').filter((line) => /^error(\[\w+\])?: /.test(line));
    expect(errors).toEqual([expect.stringMatching(/^error\[ReleaseVerificationFailed\]: the claude release did not verify, so the image was not built: binary checksum: linux-x64\/claude has SHA-256 [0-9a-f]{64}, the signed manifest says [0-9a-f]{64}$/)]);
    expect(tampered.stderr).toContain('where: docker/Dockerfile, stage verify');
  });
});

describe('the built image boots', () => {
  let postgres: LocalPostgres;
  let issuer: DevIssuer;
  let gateway: ChildProcess | undefined;

  beforeAll(async () => {
    [postgres, issuer] = await Promise.all([startLocalPostgres(), startDevIssuer()]);
    const c = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: 'postgres' });
    await c.connect();
    try {
      await c.query(`CREATE ROLE ${c.escapeIdentifier(ROLE)} LOGIN PASSWORD ${c.escapeLiteral(PASSWORD)}`);
      await c.query(`CREATE DATABASE ${DATABASE} OWNER ${c.escapeIdentifier(ROLE)}`);
    } finally {
      await c.end();
    }
  });

  afterAll(async () => {
    // The gateway runs in buildah's session of its own: stop buildah's whole tree, or it outlives the test.
    if (gateway?.pid) await stopProcessTree(gateway.pid, 3000);
    await Promise.allSettled([issuer?.stop(), postgres?.stop()]);
  });

  test('the entrypoint starts the gateway as uid 10001 against PostgreSQL; /healthz answers and healthcheck.sh exits 0', async () => {
    const port = await findFreeLoopbackPort();
    const client = await issuer.registerClient({ redirectUris: [`http://127.0.0.1:${port}/oauth/callback`], users: DEFAULT_TEST_USERS, signInCode: randomBytes(8).toString('hex') });
    // Secrets reach the container as files mounted read-only, never on buildah's command line.
    const secrets = join(fixture.work, 'secrets');
    mkdirSync(secrets, { mode: 0o755 });
    const config = [
      `listen: { host: 127.0.0.1, port: ${port} }`,
      `oidc: { issuer: "${issuer.url}", client_id: "${client.clientId}", client_secret: "${client.clientSecret}" }`,
      `session: { jwt_secret: "${randomBytes(32).toString('hex')}" }`,
      'store: { postgres_url: "${GATEWAY_POSTGRES_URL}" }',
      'upstreams: [ { provider: bedrock, region: us-east-1, auth: {} } ]',
    ].join('\n');
    const configFile = secretFileFor10001(secrets, 'gateway.yaml', config);
    const passwordFile = secretFileFor10001(secrets, 'pg-password', PASSWORD);
    const env = {
      GATEWAY_CONFIG_PATH: '/run/cagw/gateway.yaml', GATEWAY_PG_PASSWORD_FILE: '/run/cagw/pg-password',
      GATEWAY_PG_HOST: postgres.host, GATEWAY_PG_PORT: String(postgres.port), GATEWAY_PG_USER: ROLE, GATEWAY_PG_DATABASE: DATABASE,
      GATEWAY_PG_SSLMODE: 'disable', GATEWAY_PORT: String(port), CLAUDE_GATEWAY_ALLOW_LOOPBACK: '1',
    };
    // chroot isolation shares this machine's network: the gateway listens on 127.0.0.1 here.
    gateway = spawn('buildah', [
      'run', '--mount', 'type=tmpfs,destination=/tmp',
      '--volume', `${configFile}:/run/cagw/gateway.yaml:ro`, '--volume', `${passwordFile}:/run/cagw/pg-password:ro`,
      ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      container, '--', 'timeout', '300', '/opt/cagw/entrypoint.sh',
    ], { env: fixture.env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    gateway.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const deadline = Date.now() + 90_000;
    let health = 0;
    while (Date.now() < deadline && gateway.exitCode === null && health !== 200) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      if (health !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(health, `the gateway in the image did not answer /healthz:\n${stderr}`).toBe(200);
    expect(stderr).not.toContain(PASSWORD);

    const check = await fixture.buildah(['run', '--env', `GATEWAY_PORT=${port}`, container, '--', '/opt/cagw/healthcheck.sh']).then(() => 0, () => 1);
    expect(check).toBe(0);

    // it migrated the URL's database as the role whose password needed every kind of escaping
    const c = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: DATABASE });
    await c.connect();
    try {
      const owner = await c.query<{ tableowner: string }>("SELECT tableowner FROM pg_tables WHERE tablename = '_migrations'");
      expect(owner.rows).toEqual([{ tableowner: ROLE }]);
    } finally {
      await c.end();
    }
  });
});
