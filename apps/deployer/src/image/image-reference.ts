// An image reference, `[registry/]repository[:tag][@sha256:digest]`, split the way the
// distribution API addresses it. A name without a registry part is on Docker Hub, whose
// single-name images live under library/ (the convention every OCI client follows).
import { CagwError } from '@cagw/errors';

export interface ImageReference {
  /** host[:port] that serves the distribution API */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** `where` names the variable or flag the text came from, for the error. */
export function parseImageReference(text: string, where: string): ImageReference {
  const bad = (why: string) => new CagwError('ImageReferenceInvalid', `${where} "${text}" is not an image reference: ${why}`, {
    source: 'user', where, fix: 'write it as registry/repository:tag or registry/repository@sha256:<64 hex digits>, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway:2.1.330',
  });
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`the digest ${digest} is not sha256: followed by 64 lower-case hex digits`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`the tag ${tag} has characters a tag cannot hold`);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  // The first part is a registry when it looks like a host: a dot, a port, or localhost.
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : DOCKER_HUB_REGISTRY;
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (!hasRegistry && !repository.includes('/')) repository = `library/${repository}`;
  if (!REPOSITORY.test(repository)) throw bad(`the repository name ${repository} is not lower-case letters, digits and separators`);
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** registry/repository, without tag or digest. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

export function formatImageReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** A registry on this machine: the only place plain http is allowed. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0];
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host ?? '');
}

/** A URL on this machine (http:// is allowed only there). */
export function isLoopbackUrl(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(url.hostname);
}
