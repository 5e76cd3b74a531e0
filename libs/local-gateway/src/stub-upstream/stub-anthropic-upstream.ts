import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST } from '../net/loopback-port.ts';

/** What the stub saw: enough for a test to check what the gateway forwarded. */
export interface StubRequest {
  method: string;
  path: string;
  model: string | undefined;
  stream: boolean;
}

export interface StubUpstream {
  /** the base URL to put in an `anthropic` upstream's `base_url` */
  url: string;
  port: number;
  /** the key the stub expects in `x-api-key`; pass it to the gateway via the environment */
  apiKey: string;
  requests: StubRequest[];
  /** settles when the stub no longer listens */
  ended: Promise<void>;
  stop(): Promise<void>;
}

export const STUB_REPLY_TEXT = 'This is the cagw stub upstream: your request reached it through the gateway.';

/**
 * A loopback stand-in for the Anthropic Messages API (`POST /v1/messages`, streaming or not,
 * and `count_tokens`), answering every model with one canned reply. No cloud, no cost.
 */
export async function startStubUpstream(options: { port?: number } = {}): Promise<StubUpstream> {
  const apiKey = `stub-${randomBytes(12).toString('base64url')}`;
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, 'api_error', (error as Error).message));
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const body = req.method === 'POST' ? await readJson(req) : {};
    const model = typeof body.model === 'string' ? body.model : undefined;
    const stream = body.stream === true;
    requests.push({ method: req.method ?? 'GET', path, model, stream });
    if (req.headers['x-api-key'] !== apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') return sendJson(res, 200, { input_tokens: countTokens(body) });
    if (req.method === 'POST' && path === '/v1/messages') {
      if (!model) return sendError(res, 400, 'invalid_request_error', 'model: field required');
      const pace = streamPaceOf(body);
      if (stream && pace) return sendPacedStream(res, model, pace);
      return stream ? sendStream(res, model) : sendJson(res, 200, message(model));
    }
    return sendError(res, 404, 'not_found_error', `the stub upstream does not serve ${req.method} ${path}`);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    port,
    apiKey,
    requests,
    ended: new Promise<void>((resolve) => server.once('close', resolve)),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

const USAGE = { input_tokens: 12, output_tokens: 18 };

function message(model: string) {
  return {
    id: `msg_stub_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: STUB_REPLY_TEXT }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: USAGE,
  };
}

// The server-sent events of one streamed message, in the order the Messages API sends them.
function sendStream(res: ServerResponse, model: string): void {
  const { content: _content, ...start } = message(model);
  const events: [string, unknown][] = [
    ['message_start', { type: 'message_start', message: { ...start, content: [], stop_reason: null, usage: { ...USAGE, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: STUB_REPLY_TEXT } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: USAGE.output_tokens } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [event, data] of events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.end();
}

/**
 * A request whose first user turn starts with `[stub-stream tokens=N per-second=R]` is answered
 * with N text deltas of one token each, R per second, as a model writes: what a load bench needs
 * to hold streams open for a realistic time. Any other request gets the one canned reply.
 */
export const STUB_PACE_MARKER = /^\[stub-stream tokens=(\d{1,6}) per-second=(\d{1,5})\]/;

export interface StubStreamPace {
  tokens: number;
  perSecond: number;
}

/** The marker that asks the stub for a paced stream, to put at the start of the prompt. */
export function stubPacePrompt(pace: StubStreamPace): string {
  return `[stub-stream tokens=${pace.tokens} per-second=${pace.perSecond}]`;
}

function streamPaceOf(body: Record<string, unknown>): StubStreamPace | undefined {
  const first = Array.isArray(body.messages) ? (body.messages[0] as { content?: unknown } | undefined) : undefined;
  const text = typeof first?.content === 'string' ? first.content : Array.isArray(first?.content) ? String((first.content[0] as { text?: unknown })?.text ?? '') : '';
  const found = STUB_PACE_MARKER.exec(text);
  if (!found) return undefined;
  const pace = { tokens: Number(found[1]), perSecond: Number(found[2]) };
  return pace.tokens > 0 && pace.perSecond > 0 ? pace : undefined;
}

// One event per token on a timer; a client that goes away stops the timer.
function sendPacedStream(res: ServerResponse, model: string, pace: StubStreamPace): void {
  const { content: _content, ...start } = message(model);
  const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  write('message_start', { type: 'message_start', message: { ...start, content: [], stop_reason: null, usage: { input_tokens: USAGE.input_tokens, output_tokens: 1 } } });
  write('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    write('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' tok' } });
    sent += 1;
    if (sent < pace.tokens) return;
    clearInterval(timer);
    write('content_block_stop', { type: 'content_block_stop', index: 0 });
    write('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: pace.tokens } });
    write('message_stop', { type: 'message_stop' });
    res.end();
  }, 1000 / pace.perSecond);
  res.once('close', () => clearInterval(timer));
}

function countTokens(body: Record<string, unknown>): number {
  return Math.max(1, Math.ceil(JSON.stringify(body.messages ?? []).length / 4));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_stub_${randomUUID()}` }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, text: string): void {
  sendJson(res, status, { type: 'error', error: { type, message: text } });
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        const parsed: unknown = text ? JSON.parse(text) : {};
        resolve(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}
