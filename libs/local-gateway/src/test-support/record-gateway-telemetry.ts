// Records what the real gateway forwards to a telemetry destination, for the observability
// library's fixture (libs/observability/src/testing/fixtures/gateway-relayed-otlp.json; its
// README says how it was made). Run from the repository root:
//   npx tsx libs/local-gateway/src/test-support/record-gateway-telemetry.ts OUT.json
// It boots the pinned gateway with the stub upstream and a loopback OTLP receiver as its only
// forward_to destination, signs a test user in, sends one message through the stub, runs one
// real Claude Code turn (`claude -p`, the same binary) against the gateway with its telemetry
// exported to the gateway under the user's token, then posts a hand-made OTLP/JSON export with
// no identity attributes, and writes down every request the receiver got, verbatim.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { signInTestUser } from '../client/sign-in-test-user.ts';
import { sendTestMessage } from '../client/gateway-api.ts';
import { resolveGatewayBinary } from '../binary/resolve-gateway-binary.ts';
import { startLocalGateway } from '../gateway/start-local-gateway.ts';
import { minimalDeployedConfig } from './gateway-configs.ts';

const out = process.argv[2];
// where a key of OTEL_RESOURCE_ATTRIBUTES lands, and whether a user.* key gets through
const CLI_RESOURCE_ATTRIBUTES = 'department=platform,user.email=forged@example.com';
if (!out) throw new Error('usage: record-gateway-telemetry.ts OUT.json');

interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}
const received: Received[] = [];
const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
const receiver = createServer((request, response) => {
  void readBody(request).then((body) => {
    const contentType = request.headers['content-type'];
    received.push({
      path: request.url ?? '',
      contentType,
      body: contentType?.includes('json') ? JSON.parse(body.toString('utf8')) : body.toString('base64'),
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
receiver.listen(0, '127.0.0.1');
await once(receiver, 'listening');
const receiverPort = (receiver.address() as { port: number }).port;

const config = { ...minimalDeployedConfig(), telemetry: { forward_to: [{ url: `http://127.0.0.1:${receiverPort}`, metrics: true, logs: true }] } };
const gateway = await startLocalGateway({ config, upstream: 'stub' });
try {
  const user = gateway.users[0]!;
  const token = await signInTestUser(gateway.url, user.email);
  // inference through the stub, so any telemetry the gateway itself made would show up too
  const message = await sendTestMessage(gateway.url, token.accessToken, 'claude-haiku-4-5');
  const now = `${Date.now()}000000`;
  // what Claude Code exports: the standard attributes on the data point, none about identity
  const clientExport = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code', version: gateway.version },
            metrics: [
              {
                name: 'claude_code.cost.usage',
                unit: 'USD',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      startTimeUnixNano: now,
                      timeUnixNano: now,
                      asDouble: 0.0123,
                      attributes: [
                        { key: 'session.id', value: { stringValue: '5b0c7f9e-2d41-4c8a-9f3e-1a2b3c4d5e6f' } },
                        { key: 'terminal.type', value: { stringValue: 'xterm-256color' } },
                        { key: 'model', value: { stringValue: 'claude-haiku-4-5' } },
                        { key: 'query_source', value: { stringValue: 'main' } },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  // the same binary is the Claude Code CLI: one real turn through the gateway, exporting its
  // telemetry to the gateway with the user's gateway token, as a signed-in client does
  const home = await mkdtemp(join(tmpdir(), 'cagw-cli-home-'));
  const binary = await resolveGatewayBinary({ version: gateway.version, cacheDir: home });
  let cli = '';
  try {
    const run = await promisify(execFile)(binary.path, ['-p', 'Say hello.', '--model', 'claude-haiku-4-5'], {
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        ANTHROPIC_BASE_URL: gateway.url,
        ANTHROPIC_AUTH_TOKEN: token.accessToken,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: gateway.url,
        OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${token.accessToken}`,
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_LOGS_EXPORT_INTERVAL: '1000',
        OTEL_RESOURCE_ATTRIBUTES: CLI_RESOURCE_ATTRIBUTES,
      },
    });
    cli = run.stdout.trim();
  } catch (error) {
    cli = `failed: ${(error as Error).message}`;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  const posted = await fetch(`${gateway.url}/v1/metrics`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(clientExport),
  });
  const postedAnswer = `${posted.status} ${await posted.text()}`;
  // the relay is synchronous or nearly; give it a moment to arrive
  for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  await writeFile(
    out,
    `${JSON.stringify(
      {
        recordedWith: {
          gatewayVersion: gateway.version,
          signedInAs: { email: user.email, groups: user.groups },
          cliTurn: { exit: cli.startsWith('failed') ? cli : 'ok', otelResourceAttributes: CLI_RESOURCE_ATTRIBUTES },
          messageStatus: message.status,
          handMadeExportStatus: postedAnswer,
        },
        received: received.map(withOneRecordPerEvent),
        gatewayLog: gateway.logs.filter((line) => /telemetry/i.test(line)),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await gateway.stop();
  receiver.close();
}

// Keeps the fixture small: the first log record of each event name (plugin_loaded repeats).
function withOneRecordPerEvent(request: Received): Received {
  const body = request.body as { resourceLogs?: { scopeLogs: { logRecords: { body?: { stringValue?: string } }[] }[] }[] };
  if (!body?.resourceLogs) return request;
  const seen = new Set<string>();
  for (const resource of body.resourceLogs) {
    for (const scope of resource.scopeLogs) {
      scope.logRecords = scope.logRecords.filter((record) => {
        const name = record.body?.stringValue ?? '';
        if (seen.has(name)) return false;
        seen.add(name);
        return true;
      });
    }
  }
  return request;
}
