// One HTTP(S) request as a developer's machine makes it, trusting the system store plus an
// optional extra CA (the profile's self-signed one). Answers are values; a failed connection
// is an answer too, so each check can say what went wrong.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

export type ProbeAnswer = { ok: true; status: number; text: string } | { ok: false; error: string };

export interface ProbeOptions {
  method?: 'GET' | 'POST';
  /** form fields for a POST */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** PEM of an extra CA to trust besides the system store */
  extraCa?: string;
  timeoutMs?: number;
}

export function probe(url: string, options: ProbeOptions = {}): Promise<ProbeAnswer> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers = { ...(options.headers ?? {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}) };
  return new Promise((resolve) => {
    const settle = (answer: ProbeAnswer) => resolve(answer);
    const onResponse = (response: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => settle({ ok: true, status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => settle({ ok: false, error: describe(error) }));
    };
    const common = { method: options.method ?? 'GET', headers, timeout: options.timeoutMs ?? 10_000 };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(target, { ...common, ...(options.extraCa ? { ca: [...rootCertificates, options.extraCa] } : {}) }, onResponse)
        : httpRequest(target, common, onResponse);
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${(options.timeoutMs ?? 10_000) / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => settle({ ok: false, error: describe(error) }));
    req.end(body);
  });
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
