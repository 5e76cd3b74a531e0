// The fixture of a release-verification test: a folder of its own, a throwaway signer with the
// release key and an impostor's key, and the release tree served on 127.0.0.1 from a map the
// test fills as it publishes. Registers its beforeAll/afterAll where it is called; the keys and
// baseUrl are set once beforeAll has run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startFileServer, type FileServer } from './file-server.ts';
import { createReleaseSigner, type ReleaseSigner, type SigningKey } from './release-signer.ts';

export interface SignedReleaseTree {
  /** the test's folder, removed after the file */
  work: string;
  signer: ReleaseSigner;
  /** what the release server answers, by URL path */
  files: Map<string, Buffer>;
  /** the key the verifier is pinned to */
  releaseKey: SigningKey;
  /** a valid key that is not the pinned one */
  otherKey: SigningKey;
  /** http://127.0.0.1:<port> of the release tree */
  baseUrl: string;
}

export function useSignedReleaseTree(folderPrefix: string): SignedReleaseTree {
  const work = mkdtempSync(join(tmpdir(), folderPrefix));
  const tree = { work, signer: createReleaseSigner(work), files: new Map<string, Buffer>() } as SignedReleaseTree;
  let server: FileServer | undefined;
  beforeAll(async () => {
    tree.releaseKey = tree.signer.makeKey('cagw-release');
    tree.otherKey = tree.signer.makeKey('cagw-impostor');
    server = await startFileServer(tree.files);
    tree.baseUrl = server.baseUrl;
  });
  afterAll(async () => {
    tree.signer.close();
    rmSync(work, { recursive: true, force: true });
    await server?.close();
  });
  return tree;
}
