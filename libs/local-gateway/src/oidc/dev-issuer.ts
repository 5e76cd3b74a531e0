import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientAuthMethod, Configuration, KoaContextWithOIDC, SigningAlgorithmWithNone } from 'oidc-provider';
import { CagwError } from '@cagw/errors';
import { LOOPBACK_HOST } from '../net/loopback-port.ts';
import { groupsClaimRoot, groupsClaimValue } from './groups-claim.ts';
import { createInMemoryAdapter } from './in-memory-adapter.ts';
import { makeSigningKeySet } from './signing-keys.ts';
import { signInCodeMatches } from './sign-in-code.ts';
import { PICKED_USER_FIELD, renderSignInPage, SIGN_IN_CODE_FIELD } from './sign-in-page.ts';
import type { TestUser } from './test-users.ts';

export interface DevIssuerOptions {
  /** the gateway's `oidc.groups_claim`: a claim name or a JSON Pointer; `groups` when omitted */
  groupsClaim?: string;
  /** listen on this 127.0.0.1 port; a free one when omitted */
  port?: number;
}

export interface DevClientRequest {
  redirectUris: string[];
  users: readonly TestUser[];
  /** the code the sign-in page requires (see sign-in-code.ts) */
  signInCode: string;
  /** the gateway's `oidc.token_endpoint_auth_method`, when it pins one */
  tokenEndpointAuthMethod?: ClientAuthMethod;
  /** the gateway's `oidc.id_token_signed_response_alg`; RS256 when omitted */
  idTokenSigningAlg?: SigningAlgorithmWithNone;
  clientName?: string;
}

export interface DevClient {
  clientId: string;
  /** hand it to the gateway through the environment, never in a file or argv */
  clientSecret: string;
  unregister(): void;
}

/** A development OpenID Provider on 127.0.0.1 (oidc-provider) whose sign-in page lists test users. */
export interface DevIssuer {
  url: string;
  port: number;
  groupsClaim: string;
  registerClient(request: DevClientRequest): Promise<DevClient>;
  /** settles when the issuer no longer listens (stopped, or its server closed by any other way) */
  ended: Promise<void>;
  stop(): Promise<void>;
}

interface ClientContext {
  users: readonly TestUser[];
  clientName: string;
  signInCode: string;
}

/** Starts the issuer. Each gateway registers its own client (its redirect URI differs per port). */
export async function startDevIssuer(options: DevIssuerOptions = {}): Promise<DevIssuer> {
  const { Provider, interactionPolicy } = await importOidcProvider();
  const groupsClaim = options.groupsClaim ?? 'groups';
  const clients = new Map<string, ClientContext>();
  const registrationToken = randomBytes(24).toString('base64url');

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK_HOST}:${port}`;
  const ended = new Promise<void>((resolve) => server.once('close', resolve));

  const usersOf = (clientId: string | undefined) => (clientId ? clients.get(clientId)?.users : undefined) ?? [];

  // Ask for a user on every sign-in, even with a live issuer session, so a person can switch users.
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('cagw_pick_user', 'pick a test user', (ctx: KoaContextWithOIDC) => !ctx.oidc.result?.login),
  );

  const configuration: Configuration = {
    adapter: createInMemoryAdapter(),
    clients: [],
    jwks: { keys: makeSigningKeySet() },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    // everything under `openid`, so the id_token carries email and groups whatever scopes the
    // gateway config asks for
    claims: { openid: ['sub', 'email', 'email_verified', 'name', groupsClaimRoot(groupsClaim)] },
    // the gateway reads email and groups from the id_token, not from /userinfo
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: registrationToken },
      revocation: { enabled: true },
    },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // a refresh token whenever the client may refresh: the gateway asks for offline_access
    // without prompt=consent, which the spec would otherwise drop
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    async findAccount(ctx, sub) {
      const user = usersOf(ctx.oidc.client?.clientId).find((candidate) => candidate.email === sub);
      if (!user) return undefined;
      return {
        accountId: user.email,
        claims: async () => ({
          sub: user.email,
          email: user.email,
          email_verified: true,
          name: user.name,
          ...groupsClaimValue(groupsClaim, user.groups),
        }),
      };
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out) {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `development issuer error: ${String(out.error)}: ${String(out.error_description ?? '')}\n`;
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, RefreshToken: 14 * 86400, Interaction: 3600, Session: 14 * 86400, Grant: 14 * 86400 },
  };
  const provider = new Provider(url, configuration);
  const providerCallback = provider.callback();

  const handleInteraction = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction does not match its cookie');
    const clientId = String(details.params.client_id ?? '');
    if (details.prompt.name === 'consent') {
      // test users always consent: grant what the gateway asked for and carry on
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session?.accountId ?? '', clientId });
      if (!grant) throw new Error('grant of this interaction is gone');
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    const context = clients.get(clientId);
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (!context || !signInCodeMatches(context.signInCode, form.get(SIGN_IN_CODE_FIELD))) {
        const page = renderSignInPage({ action: `/interaction/${uid}`, clientName: context?.clientName ?? clientId, users: context?.users ?? [], wrongCode: true });
        res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
        return;
      }
      const picked = form.get(PICKED_USER_FIELD)?.trim().toLowerCase();
      const user = context.users.find((candidate) => candidate.email === picked);
      if (!user) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`no test user "${picked ?? ''}"\n`);
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.email } }, { mergeWithLastSubmission: false });
      return;
    }
    const page = renderSignInPage({ action: `/interaction/${uid}`, clientName: context?.clientName ?? clientId, users: context?.users ?? [] });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url ?? '/', url).pathname);
    if (!match?.[1]) {
      providerCallback(req, res);
      return;
    }
    handleInteraction(req, res, match[1]).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`sign-in could not continue: ${(error as Error).message}\n`);
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    groupsClaim,
    async registerClient(request) {
      const response = await fetch(`${url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${registrationToken}` },
        body: JSON.stringify({
          client_name: request.clientName ?? 'claude gateway (cagw local)',
          redirect_uris: request.redirectUris,
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: request.tokenEndpointAuthMethod ?? 'client_secret_basic',
          id_token_signed_response_alg: request.idTokenSigningAlg ?? 'RS256',
        }),
      });
      const body = (await response.json()) as { client_id?: string; client_secret?: string; error_description?: string };
      if (!response.ok || !body.client_id || !body.client_secret) {
        throw new CagwError('DevIssuerClientRejected', `the development issuer refused the gateway's client: ${body.error_description ?? response.status}`, {
          source: 'user',
          where: 'oidc (token_endpoint_auth_method, id_token_signed_response_alg)',
          fix: 'use client_secret_basic or client_secret_post and one of RS256, PS256, ES256, EdDSA',
        });
      }
      const clientId = body.client_id;
      clients.set(clientId, { users: request.users, clientName: request.clientName ?? 'the claude gateway', signInCode: request.signInCode });
      return { clientId, clientSecret: body.client_secret, unregister: () => clients.delete(clientId) };
    },
    ended,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * oidc-provider 9 prints "Unsupported runtime" on every load under Node 20, which it runs on
 * correctly (our integration tests run there). A library must not print, so that one line is
 * held back while the module loads; any other warning passes through.
 */
async function importOidcProvider(): Promise<typeof import('oidc-provider')> {
  /* eslint-disable no-console -- filtering one known line of a dependency, not printing */
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('oidc-provider WARNING: Unsupported runtime')) warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}
