import { CagwError } from '@cagw/errors';

// The bearer-token endpoints a signed-in Claude Code client uses, as the probe and tests call them.

/** GET /managed/settings: the policy document the gateway delivers to this user. */
export interface ManagedSettingsAnswer {
  status: number;
  /** present on 200 */
  uuid?: string;
  checksum?: string;
  settings?: Record<string, unknown>;
  etag?: string;
  /** the gateway's message on 404 (`not configured`, `no policy matched`) or other errors */
  error?: string;
}

export async function fetchManagedSettings(gatewayUrl: string, token: string): Promise<ManagedSettingsAnswer> {
  const response = await fetch(`${trim(gatewayUrl)}/managed/settings`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, error: errorMessage(text) };
  const body = JSON.parse(text) as { uuid?: string; checksum?: string; settings?: Record<string, unknown> };
  return {
    status: 200,
    ...(body.uuid ? { uuid: body.uuid } : {}),
    ...(body.checksum ? { checksum: body.checksum } : {}),
    settings: body.settings ?? {},
    ...(response.headers.get('etag') ? { etag: response.headers.get('etag') as string } : {}),
  };
}

/** GET /v1/models: the model ids this user may use. */
export async function listModels(gatewayUrl: string, token: string): Promise<string[]> {
  const response = await fetch(`${trim(gatewayUrl)}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) {
    throw new CagwError('GatewayRequestFailed', `GET /v1/models answered ${response.status}: ${errorMessage(text)}`, {
      source: 'internal',
      where: `${trim(gatewayUrl)}/v1/models`,
      fix: 'sign in again; read the gateway log for the reason',
    });
  }
  const body = JSON.parse(text) as { data?: { id: string }[] };
  return (body.data ?? []).map((model) => model.id);
}

export interface MessageAnswer {
  status: number;
  /** the reply's text on 200 */
  text?: string;
  /** the error message otherwise, e.g. `model … is not in your role's availableModels allowlist` */
  error?: string;
  errorType?: string;
}

/** POST /v1/messages with one short user turn to the given model. */
export async function sendTestMessage(gatewayUrl: string, token: string, model: string, prompt = 'Say hello.'): Promise<MessageAnswer> {
  const response = await fetch(`${trim(gatewayUrl)}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: prompt }] }),
  });
  const text = await response.text();
  if (response.status !== 200) {
    const parsed = safeJson(text) as { error?: { type?: string; message?: string } } | undefined;
    return { status: response.status, error: parsed?.error?.message ?? text.trim(), ...(parsed?.error?.type ? { errorType: parsed.error.type } : {}) };
  }
  const body = JSON.parse(text) as { content?: { type: string; text?: string }[] };
  return { status: 200, text: (body.content ?? []).map((block) => block.text ?? '').join('') };
}

const trim = (url: string) => url.replace(/\/$/, '');

function errorMessage(text: string): string {
  const parsed = safeJson(text) as { error?: { message?: string } | string; message?: string } | undefined;
  if (typeof parsed?.error === 'object' && parsed.error.message) return parsed.error.message;
  if (typeof parsed?.error === 'string') return parsed.error;
  return parsed?.message ?? text.trim();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
