// The session key rotation of docs/secrets.md, on the real pinned gateway and one database kept
// across restarts (as the tasks of a deployment share RDS): a bearer signed under key A still
// works once the tasks run with [B, A] (PREVIOUS_JWT_SECRET_ARN set), and is refused with [B].
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchManagedSettings, findFreeLoopbackPort, signInTestUser, startLocalGateway, stopSharedServices } from '@cagw/local-gateway';
import { loadSettingsOrThrow } from '@cagw/profile';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'yaml';
import { renderGatewayConfig, type RenderedGatewayConfig } from './render-gateway-config.ts';

const profile = fileURLToPath(new URL('../../../profiles/local.env', import.meta.url));
const PREVIOUS_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf';

let stateRoot: string;
let stateDir: string;
// one port for every boot: the gateway's origin is its tokens' issuer (iss), and a deployment's
// public_url stays the same across a roll
let port: number;
beforeAll(async () => {
  port = await findFreeLoopbackPort();
  stateRoot = await mkdtemp(join(tmpdir(), 'cagw-jwt-rotation-'));
  // as root, the postgres user must be able to reach the state directory
  await chmod(stateRoot, 0o755);
  stateDir = join(stateRoot, 'kept');
});
afterAll(async () => {
  await stopSharedServices();
  await rm(stateRoot, { recursive: true, force: true });
});

const render = (env: Record<string, string>) => renderGatewayConfig(loadSettingsOrThrow({ profilePath: profile, env }).settings);

/** Boots the gateway on the kept database with these secrets in its environment, runs `use`, stops it. */
async function withGateway<T>(rendered: RenderedGatewayConfig, secrets: Record<string, string>, use: (url: string, logs: string[]) => Promise<T>): Promise<T> {
  const gateway = await startLocalGateway({ config: parse(rendered.yaml), env: secrets, stateDir, port, keepSharedServices: true });
  try {
    return await use(gateway.url, gateway.logs);
  } finally {
    await gateway.stop();
  }
}

const status = async (url: string, token: string) => (await fetchManagedSettings(url, token)).status;
const keyIdOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid?: string }).kid;

test('a session signed before the rotation lasts through it, and ends when the previous key is dropped', async () => {
  const keyA = randomBytes(32).toString('hex');
  const keyB = randomBytes(32).toString('hex');
  const single = render({});
  const rotating = render({ PREVIOUS_JWT_SECRET_ARN: PREVIOUS_ARN });
  expect(single.config.session.jwt_secret).toBe('${GATEWAY_JWT_SECRET}');
  expect(rotating.config.session.jwt_secret).toEqual(['${GATEWAY_JWT_SECRET}', '${GATEWAY_JWT_SECRET_PREVIOUS}']);

  // before: one key, A
  const signedUnderA = await withGateway(single, { GATEWAY_JWT_SECRET: keyA }, async (url) => {
    const token = await signInTestUser(url, 'alice@example.com');
    expect(await status(url, token.accessToken)).toBe(200);
    return token.accessToken;
  });

  // during: JwtSecret now holds B, the copy of A is the previous key
  const signedUnderB = await withGateway(rotating, { GATEWAY_JWT_SECRET: keyB, GATEWAY_JWT_SECRET_PREVIOUS: keyA }, async (url, logs) => {
    expect(await status(url, signedUnderA)).toBe(200);
    const token = await signInTestUser(url, 'bob@example.com');
    expect(await status(url, token.accessToken)).toBe(200);
    // neither key reaches the log
    expect(logs.join('\n')).not.toContain(keyA);
    expect(logs.join('\n')).not.toContain(keyB);
    return token.accessToken;
  });
  // the first key signs: new sessions carry B's key id, not A's
  expect(keyIdOf(signedUnderB)).not.toBe(keyIdOf(signedUnderA));
  const sha = (key: string) => createHash('sha256').update(key).digest('hex');
  expect(sha(keyB).startsWith(keyIdOf(signedUnderB) ?? '-')).toBe(true);

  // after: PREVIOUS_JWT_SECRET_ARN unset, B alone
  await withGateway(single, { GATEWAY_JWT_SECRET: keyB }, async (url) => {
    expect(await status(url, signedUnderA)).toBe(401);
    expect(await status(url, signedUnderB)).toBe(200);
  });
}, 120_000);
