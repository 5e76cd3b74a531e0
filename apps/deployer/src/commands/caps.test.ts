// cagw caps without a real gateway: the exit codes of --detailed-exitcode when the run fails
// before any plan (the plan's 0 and 2 against the real gateway are in caps.int.test.ts), and
// rotate-admin-key against a loopback fleet with AWS mocked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const WORKSPACE = join(import.meta.dirname, '../../../..');

async function cagw(...argv: string[]): Promise<{ code: number; stderr: string }> {
  const io = createRecordingIo();
  return { code: await main(argv, io), stderr: io.stderr.join('\n') };
}

test('with --detailed-exitcode a usage error is 1, since 2 there means changes pending; without it, usage stays 2', async () => {
  const both = ['caps', 'plan', '--local', '--url', 'https://127.0.0.1:8443'];
  expect((await cagw(...both)).code).toBe(2);
  const detailed = await cagw(...both, '--detailed-exitcode');
  expect(detailed.code).toBe(1);
  expect(detailed.stderr).toMatch(/--local and --url name two different gateways/);
  expect((await cagw('caps', 'plan', '--detailed-exitcod')).code).toBe(2);
  expect((await cagw('caps', 'plan', '--detailed-exitcode', '--profil', 'x.env')).code).toBe(1);
});

test('--detailed-exitcode belongs to plan: with apply or export it is refused (1)', async () => {
  const apply = await cagw('caps', 'apply', '--detailed-exitcode', '--yes');
  expect(apply.code).toBe(1);
  expect(apply.stderr).toMatch(/--detailed-exitcode goes with cagw caps plan, not apply/);
});

test('a profile that cannot be read is an error: 1 with --detailed-exitcode', async () => {
  const missing = await cagw('caps', 'plan', '--detailed-exitcode', '--profile', 'profiles/no-such-profile.env');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/ProfileNotFound|no-such-profile/);
});

describe('caps rotate-admin-key, against a gateway fleet that rolls as ECS rolls it', () => {
  const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/admin-key-AbCdEf';
  const OLD = `old-${'o'.repeat(40)}`;
  const secrets = mockClient(SecretsManagerClient);
  const cfn = mockClient(CloudFormationClient);
  const ecs = mockClient(ECSClient);
  // the keys the gateway's two tasks loaded when they started; the roll restarts both
  let tasks: string[];
  let current: string;
  let previous: string | undefined;
  let server: Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const task = tasks.shift() as string;
      tasks.push(task);
      const ok = request.headers['x-api-key'] === task;
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? JSON.stringify({ data: [], has_more: false, last_id: null }) : '{"type":"error","error":{"type":"authentication_error","message":"invalid key"}}');
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'cagw-rotate-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
    secrets.restore();
    cfn.restore();
    ecs.restore();
  });
  beforeEach(() => {
    tasks = [OLD, OLD];
    current = OLD;
    previous = undefined;
    secrets.reset();
    cfn.reset();
    ecs.reset();
    secrets.on(GetSecretValueCommand).callsFake((input: { VersionStage?: string }) => {
      if (input.VersionStage === 'AWSPREVIOUS') {
        if (!previous) throw Object.assign(new Error("Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"), { name: 'ResourceNotFoundException' });
        return { SecretString: previous };
      }
      return { SecretString: current };
    });
    secrets.on(PutSecretValueCommand).callsFake((input: { SecretString: string }) => {
      previous = current;
      current = input.SecretString;
      return { ARN, VersionId: 'v2' };
    });
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'claude-gateway', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'ClusterName', OutputValue: 'claude' }, { OutputKey: 'ServiceName', OutputValue: 'gateway' }] }] });
    ecs.on(UpdateServiceCommand).callsFake(() => {
      // half the fleet has rolled when the update returns; the other half by the time the waiter looks
      tasks = [current, OLD];
      return { service: { deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY' }, { id: 'ecs-svc/1', status: 'ACTIVE' }] } };
    });
    ecs.on(DescribeServicesCommand).callsFake(() => {
      tasks = [current, current];
      return { services: [{ serviceName: 'gateway', status: 'ACTIVE', desiredCount: 2, runningCount: 2, deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY' }] }], failures: [] };
    });
  });

  const profileWithCaps = () => {
    const path = join(dir, 'rotate.env');
    writeFileSync(path, `${readFileSync(join(WORKSPACE, 'profiles/byo-oidc-notelemetry.env'), 'utf8')}\nENABLE_SPEND_CAPS=true\nGATEWAY_ADMIN_WRITE_KEY_ARN=${ARN}\n`);
    return path;
  };

  test('puts a new key, rolls the service, and ends with every task on the new key; cagw caps works at each step', async () => {
    const profile = profileWithCaps();
    const io = createRecordingIo();
    const code = await main(['caps', 'rotate-admin-key', '--profile', profile, '--url', url, '--yes', '--json'], io);
    expect(code, io.stderr.join('\n')).toBe(0);
    expect(JSON.parse(io.stdout[0] as string)).toMatchObject({ rotated: true, versionId: 'v2', cluster: 'claude', service: 'gateway', deploymentId: 'ecs-svc/2' });
    expect(current).not.toBe(OLD);
    expect(current.length).toBeGreaterThanOrEqual(32);
    expect(previous).toBe(OLD);
    expect(tasks).toEqual([current, current]);
    expect(ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({ cluster: 'claude', service: 'gateway', forceNewDeployment: true });
    expect(`${io.stdout.join('')}${io.stderr.join('')}`).not.toContain(current);

    // the middle of a roll: one task on each key; cagw caps keeps answering
    tasks = [OLD, current];
    const during = await main(['caps', 'export', '--profile', profile, '--url', url], createRecordingIo());
    expect(during).toBe(0);
  });

  test('refuses to rotate while the gateway does not accept the current key everywhere (an earlier roll unfinished)', async () => {
    tasks = [OLD, `other-${'x'.repeat(40)}`];
    const io = createRecordingIo();
    const code = await main(['caps', 'rotate-admin-key', '--profile', profileWithCaps(), '--url', url, '--yes'], io);
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/AdminKeyRotationPending/);
    expect(secrets.commandCalls(PutSecretValueCommand)).toEqual([]);
    expect(ecs.commandCalls(UpdateServiceCommand)).toEqual([]);
  });

  test('is refused with --local, saying how the local key is renewed', async () => {
    const io = createRecordingIo();
    expect(await main(['caps', 'rotate-admin-key', '--local'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/cagw local --reset/);
  });
});
