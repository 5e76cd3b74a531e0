// One streamed Messages request, timed as a developer's Claude Code feels it: time to the first
// byte, the gaps between the chunks that follow, and whether the stream ended with message_stop.

export interface StreamTiming {
  ok: boolean;
  status: number;
  ttfbMs: number;
  gapsMs: number[];
  /** why it failed: an HTTP status and body, a reset, a stream without message_stop */
  error?: string;
}

export interface StreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** every stream is bounded: a stuck one counts as an error */
  timeoutMs: number;
  /** called as each chunk arrives */
  onChunk?: () => void;
}

export async function timedStream(request: StreamRequest): Promise<StreamTiming> {
  const started = performance.now();
  let ttfbMs = -1;
  const gapsMs: number[] = [];
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    if (response.status !== 200 || !response.body) {
      const text = (await response.text()).slice(0, 200);
      return { ok: false, status: response.status, ttfbMs: performance.now() - started, gapsMs, error: `${response.status} ${text}` };
    }
    const decoder = new TextDecoder();
    let tail = '';
    let last = 0;
    for await (const chunk of response.body) {
      const now = performance.now();
      if (ttfbMs < 0) ttfbMs = now - started;
      else gapsMs.push(now - last);
      last = now;
      request.onChunk?.();
      tail = (tail + decoder.decode(chunk, { stream: true })).slice(-200);
    }
    const ended = tail.includes('event: message_stop');
    return { ok: ended, status: 200, ttfbMs, gapsMs, ...(ended ? {} : { error: 'the stream ended without message_stop' }) };
  } catch (error) {
    return { ok: false, status: 0, ttfbMs, gapsMs, error: (error as Error).cause ? String((error as Error).cause) : (error as Error).message };
  }
}
