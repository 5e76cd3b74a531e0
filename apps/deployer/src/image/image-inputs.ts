// Everything that decides what the gateway image holds, checked once, and the immutable tag
// derived from it: `cagw deploy` and `cagw image build` compute the same tag from the same inputs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CagwError } from '@cagw/errors';
import { formatImageReference, isLoopbackUrl, parseImageReference, type ImageReference } from './image-reference.ts';
import { releaseSignerOf, type ReleaseSigner } from './release-signer.ts';

export interface ImageInputs {
  /** the folder with the Dockerfile (docker/ of this repository) */
  contextDir: string;
  claudeVersion: string;
  /** X86_64 or ARM64 (TASK_ARCH) */
  architecture: string;
  /** the base image, with its digest */
  base: ImageReference & { digest: string };
  /** the base as written, without its digest: the Dockerfile's BASE_IMAGE */
  baseName: string;
  /** PEM files baked into extra-ca/ (COLLECTOR_CA_PEM) */
  extraCaFiles: readonly string[];
  /** a copy of the release tree to download from instead of Anthropic's */
  releaseMirror?: string | undefined;
  /** the release key as a file instead of fetched, with the fingerprint it must have */
  releaseKeyFile?: string | undefined;
  releaseFingerprint?: string | undefined;
  /** whose signature the Dockerfile's verify stage trusts: Anthropic's unless releaseFingerprint says otherwise (the CLI shows it) */
  releaseSigner?: ReleaseSigner | undefined;
  /** the RDS CA bundle from a file instead of fetched */
  caBundleFile?: string | undefined;
}

/** What the inputs were called where the user wrote them: flags or profile variables. */
export interface InputNames {
  base: string;
  baseDigest: string;
  releaseMirror: string;
  releaseKeyFile: string;
  releaseFingerprint: string;
  caBundleFile: string;
}

export const PROFILE_NAMES: InputNames = {
  base: 'BASE_IMAGE', baseDigest: 'BASE_DIGEST', releaseMirror: 'RELEASE_MIRROR_URL', releaseKeyFile: 'RELEASE_KEY_FILE',
  releaseFingerprint: 'RELEASE_KEY_FINGERPRINT', caBundleFile: 'RDS_CA_BUNDLE_FILE',
};

export const PLATFORMS: Record<string, string> = { X86_64: 'linux/amd64', ARM64: 'linux/arm64' };

export interface RawImageInputs {
  contextDir: string;
  claudeVersion: string;
  architecture: string;
  /** IMAGE[@sha256:D]; the digest may come separately (BASE_DIGEST) */
  base: string;
  baseDigest?: string | undefined;
  extraCaFiles?: readonly string[];
  releaseMirror?: string | undefined;
  releaseKeyFile?: string | undefined;
  releaseFingerprint?: string | undefined;
  caBundleFile?: string | undefined;
}

/** Checks the inputs; every refusal names the flag or variable and the fix. */
export function checkImageInputs(raw: RawImageInputs, names: InputNames): ImageInputs {
  const base = parseImageReference(raw.base, names.base);
  if (base.digest && raw.baseDigest && base.digest !== raw.baseDigest) {
    throw userError('BaseDigestConflict', `${names.base} pins ${base.digest} but ${names.baseDigest} is ${raw.baseDigest}`, names.base, `keep one digest: run cagw pin to set ${names.baseDigest}`);
  }
  const digest = base.digest ?? raw.baseDigest;
  if (!digest) {
    throw userError('BaseDigestMissing', `the base image ${formatImageReference(base)} is not pinned by digest, and the image is never built on a moving tag`, names.baseDigest,
      `run cagw pin --profile <file> (or the first cagw preflight or deploy with network): it records ${names.baseDigest} in <profile>.pins.lock.json beside the profile; or give the base as IMAGE@sha256:<digest>`);
  }
  if (raw.releaseMirror) {
    let url: URL;
    try {
      url = new URL(raw.releaseMirror);
    } catch {
      throw userError('ReleaseMirrorInvalid', `${names.releaseMirror} "${raw.releaseMirror}" is not a URL`, names.releaseMirror, 'give the URL of the copy of the release tree, e.g. https://mirror.example.com/claude-code-releases');
    }
    // A mirror only changes where the bytes come from; plain http only on this machine.
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url)))) {
      throw userError('ReleaseMirrorInsecure', `${names.releaseMirror} ${raw.releaseMirror} is not https`, names.releaseMirror, 'serve the mirror over https (http:// is accepted on 127.0.0.1 only)');
    }
  }
  if (Boolean(raw.releaseKeyFile) !== Boolean(raw.releaseFingerprint)) {
    throw userError('ReleaseKeyIncomplete', `${names.releaseKeyFile} and ${names.releaseFingerprint} go together: a key file is trusted only with the fingerprint it must have`,
      raw.releaseKeyFile ? names.releaseFingerprint : names.releaseKeyFile, `set both ${names.releaseKeyFile} and ${names.releaseFingerprint}, or neither`);
  }
  if (raw.releaseFingerprint && !/^[0-9A-F]{40}$/.test(raw.releaseFingerprint.replace(/\s/g, '').toUpperCase())) {
    throw userError('ReleaseFingerprintInvalid', `${names.releaseFingerprint} is not a 40-hex-digit OpenPGP fingerprint`, names.releaseFingerprint, 'copy the fingerprint from gpg --show-keys --with-colons <key file> (the fpr line)');
  }
  for (const [file, name] of [[raw.releaseKeyFile, names.releaseKeyFile], [raw.caBundleFile, names.caBundleFile]] as const) {
    if (file && !existsSync(file)) throw userError('ImageInputMissing', `${name} names ${file}, which does not exist`, name, 'fix the path (relative paths are read from the profile\'s folder)');
  }
  if (raw.caBundleFile && !readFileSync(raw.caBundleFile, 'utf8').includes('-----BEGIN CERTIFICATE-----')) {
    throw userError('CaBundleInvalid', `${names.caBundleFile} ${raw.caBundleFile} holds no PEM certificate`, names.caBundleFile, 'give the RDS global-bundle.pem as downloaded from AWS');
  }
  if (!PLATFORMS[raw.architecture]) {
    throw userError('ArchitectureInvalid', `TASK_ARCH ${raw.architecture} is not X86_64 or ARM64`, 'TASK_ARCH', 'set TASK_ARCH=X86_64 or ARM64');
  }
  return {
    contextDir: raw.contextDir, claudeVersion: raw.claudeVersion, architecture: raw.architecture,
    base: { ...base, digest }, baseName: raw.base.trim().replace(/@.*$/, ''), extraCaFiles: raw.extraCaFiles ?? [],
    releaseMirror: raw.releaseMirror, releaseKeyFile: raw.releaseKeyFile,
    releaseFingerprint: raw.releaseFingerprint?.replace(/\s/g, '').toUpperCase(), caBundleFile: raw.caBundleFile,
    releaseSigner: releaseSignerOf(raw.releaseFingerprint),
  };
}

function userError(code: string, message: string, where: string, fix: string): CagwError {
  return new CagwError(code, message, { source: 'user', where, fix });
}

/**
 * `<version>-<12 hex>`: the same inputs always give the same tag. A mirror is not an input (its
 * bytes are verified to be the release's); a key file, its fingerprint and a CA bundle are.
 */
export function imageTag(contextDir: string, claudeVersion: string, architecture: string, baseDigest: string, extraCaFiles: readonly string[] = [], offline: Pick<ImageInputs, 'releaseKeyFile' | 'releaseFingerprint' | 'caBundleFile'> = {}): string {
  const hash = createHash('sha256').update(`${claudeVersion}\n${architecture}\n${baseDigest}\n`);
  for (const file of filesUnder(contextDir)) hash.update(`${relative(contextDir, file)}\n`).update(readFileSync(file));
  for (const file of extraCaFiles) hash.update(`extra-ca/${basename(file)}\n`).update(readFileSync(file));
  if (offline.releaseKeyFile) hash.update(`build-inputs/release-key.asc ${offline.releaseFingerprint ?? ''}\n`).update(readFileSync(offline.releaseKeyFile));
  if (offline.caBundleFile) hash.update('build-inputs/rds-global-bundle.pem\n').update(readFileSync(offline.caBundleFile));
  return `${claudeVersion}-${hash.digest('hex').slice(0, 12)}`;
}

export function imageTagOf(inputs: ImageInputs): string {
  return imageTag(inputs.contextDir, inputs.claudeVersion, inputs.architecture, inputs.base.digest, inputs.extraCaFiles, inputs);
}

// the image inputs: the build context minus what never reaches the image
function filesUnder(dir: string): string[] {
  const skip = new Set(['node_modules', 'src', '.git']);
  return readdirSync(dir).sort().flatMap((name) => {
    if (skip.has(name) || /\.(json|md)$/.test(name) || name.startsWith('vitest') || name.startsWith('tsconfig')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
