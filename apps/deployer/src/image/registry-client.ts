// Resolves an image tag to its manifest digest through the registry's own distribution API
// (https://distribution.github.io/distribution/spec/api/): HEAD /v2/<name>/manifests/<ref>
// answers Docker-Content-Digest. A registry that wants a token answers 401 with a
// WWW-Authenticate Bearer challenge; an anonymous token from its realm is enough to read a
// public image (https://distribution.github.io/distribution/spec/auth/token/).
import { createHash } from 'node:crypto';
import { CagwError } from '@cagw/errors';
import { formatImageReference, isLoopbackRegistry, type ImageReference } from './image-reference.ts';

// An index (multi-platform) first: the digest pinned must be the one every platform shares.
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

export interface RegistryClientOptions {
  fetch?: typeof fetch;
  /** bounds each request; default 30 s */
  timeoutMs?: number;
}

/** The `sha256:` digest of the manifest `ref` names now (its tag, or its digest checked to exist). */
export async function resolveManifestDigest(ref: ImageReference, options: RegistryClientOptions = {}): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const shown = formatImageReference(ref);
  // Plain http only for a registry on this machine; everywhere else the answer must be TLS.
  const scheme = isLoopbackRegistry(ref.registry) ? 'http' : 'https';
  const url = `${scheme}://${ref.registry}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`;
  const request = async (method: 'HEAD' | 'GET', token?: string) => {
    try {
      return await doFetch(url, {
        method,
        headers: { Accept: MANIFEST_TYPES, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        redirect: 'follow',
      });
    } catch (e) {
      throw new CagwError('RegistryUnreachable', `could not reach ${ref.registry} to resolve ${shown}: ${(e as Error).message}`, {
        source: 'user', where: shown, fix: `check that ${ref.registry} is reachable from this machine (proxy, DNS, firewall), then run the command again`,
      });
    }
  };
  let response = await request('HEAD');
  let token: string | undefined;
  if (response.status === 401) {
    token = await anonymousToken(response.headers.get('www-authenticate') ?? '', shown, doFetch, options.timeoutMs ?? 30_000);
    response = await request('HEAD', token);
  }
  if (response.status === 404) {
    throw new CagwError('ImageNotFound', `${shown} does not exist in ${ref.registry}`, {
      source: 'user', where: shown, fix: 'check the repository name and tag (a tag is case-sensitive), then run the command again',
    });
  }
  if (!response.ok) {
    throw new CagwError('RegistryRefused', `${ref.registry} answered HTTP ${response.status} for ${shown}`, {
      source: 'user', where: shown, fix: response.status === 401 || response.status === 403 ? 'the image is not public: pin it by hand with the digest your registry shows' : 'try again later, or pin the digest by hand',
    });
  }
  const header = response.headers.get('docker-content-digest');
  if (header && /^sha256:[0-9a-f]{64}$/.test(header)) return header;
  // A registry that leaves the header out: the digest is the SHA-256 of the manifest's bytes.
  const body = Buffer.from(await (await request('GET', token)).arrayBuffer());
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

async function anonymousToken(challenge: string, shown: string, doFetch: typeof fetch, timeoutMs: number): Promise<string> {
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
  if (!/^bearer\s/i.test(challenge) || !params.realm) {
    throw new CagwError('RegistryNeedsLogin', `the registry of ${shown} asks for credentials (${challenge || 'no challenge'}), not an anonymous token`, {
      source: 'user', where: shown, fix: 'the image is not public: pin it by hand with the digest your registry shows',
    });
  }
  const realm = new URL(params.realm);
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopbackRegistry(realm.host))) {
    throw new CagwError('RegistryTokenInsecure', `the registry of ${shown} sends its token realm over plain http (${realm.href})`, {
      source: 'user', where: shown, fix: 'use a registry whose token service is https',
    });
  }
  if (params.service) realm.searchParams.set('service', params.service);
  if (params.scope) realm.searchParams.set('scope', params.scope);
  const response = await doFetch(realm, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!response.ok || !token) {
    throw new CagwError('RegistryTokenRefused', `${realm.host} gave no anonymous token for ${shown} (HTTP ${response.status})`, {
      source: 'user', where: shown, fix: 'the image may not be public: pin it by hand with the digest your registry shows',
    });
  }
  return token;
}
