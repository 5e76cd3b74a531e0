export { startFileServer, type FileServer } from './file-server.ts';
export { createReleaseSigner, type ReleaseSigner, type SigningKey } from './release-signer.ts';
export { waitFor } from './wait-for.ts';
export { useSignedReleaseTree, type SignedReleaseTree } from './signed-release-tree.ts';
