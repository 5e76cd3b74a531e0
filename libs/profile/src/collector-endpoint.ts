// COLLECTOR_ENDPOINT: `off` (or empty) or an https:// URL. The gateway refuses http targets
// (its SSRF guard), so an http URL is a profile error rather than a crash-looping task.
import type { ParseResult } from './value-types.ts';

const OFF = new Set(['', 'off', 'none', 'disabled', 'false']);

export function parseCollectorEndpoint(raw: string | undefined): ParseResult<string | undefined> {
  if (raw === undefined || OFF.has(raw.trim().toLowerCase())) return { ok: true, value: undefined };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "is neither off nor a URL", fix: 'write off, or an https:// URL such as https://otel.example.com' };
  }
  if (url.protocol === 'http:') {
    return { ok: false, message: 'uses http://, which the gateway refuses for telemetry (SSRF guard)', fix: `write https://${raw.slice('http://'.length)}` };
  }
  if (url.protocol !== 'https:') return { ok: false, message: `uses ${url.protocol}//, not https://`, fix: 'write off, or an https:// URL' };
  return { ok: true, value: raw };
}
