import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STUB_REPLY_TEXT, startStubUpstream, stubPacePrompt, type StubUpstream } from './stub-anthropic-upstream.ts';

let stub: StubUpstream;
beforeAll(async () => {
  stub = await startStubUpstream();
});
afterAll(async () => {
  await stub.stop();
});

const post = (path: string, body: unknown, apiKey = stub.apiKey) =>
  fetch(`${stub.url}${path}`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('stub Anthropic upstream', () => {
  test('answers a message with the canned reply for the requested model', async () => {
    const response = await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; role: string; content: { text: string }[]; usage: { output_tokens: number } };
    expect(body).toMatchObject({ model: 'claude-haiku-4-5', role: 'assistant' });
    expect(body.content[0]?.text).toBe(STUB_REPLY_TEXT);
    expect(stub.requests.at(-1)).toEqual({ method: 'POST', path: '/v1/messages', model: 'claude-haiku-4-5', stream: false });
  });

  test('streams the reply as Messages API server-sent events, ending with message_stop', async () => {
    const response = await post('/v1/messages', { model: 'm', stream: true, max_tokens: 10, messages: [] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(text).toContain(JSON.stringify(STUB_REPLY_TEXT));
  });

  test('paces a stream at the rate the prompt asks: one delta per token, spread over tokens / rate seconds', async () => {
    const started = performance.now();
    const response = await post('/v1/messages', { model: 'm', stream: true, max_tokens: 10, messages: [{ role: 'user', content: `${stubPacePrompt({ tokens: 5, perSecond: 50 })} hi` }] });
    const text = await response.text();
    const elapsed = performance.now() - started;
    expect(text.match(/^event: content_block_delta$/gm)).toHaveLength(5);
    expect(text).toMatch(/"output_tokens":5\}\}\n\nevent: message_stop/);
    // five ticks 20 ms apart: at least ~80 ms (a lower bound only; speed is never asserted)
    expect(elapsed).toBeGreaterThanOrEqual(80);
  });

  test('counts tokens, refuses a wrong key and unknown paths in the Anthropic error shape', async () => {
    expect(await (await post('/v1/messages/count_tokens', { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(40) }] })).json()).toMatchObject({ input_tokens: expect.any(Number) });
    const unauthorised = await post('/v1/messages', { model: 'm' }, 'wrong');
    expect(unauthorised.status).toBe(401);
    expect(await unauthorised.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect((await post('/v1/complete', {})).status).toBe(404);
  });
});
