// The commands whose AWS calls the deployer's policy covers: deploy (which runs preflight and
// updates) and destroy, read by reachableSdkCalls from these files.
import { fileURLToPath } from 'node:url';

export const DEPLOYER_ENTRIES = ['../commands/deploy.ts', '../commands/destroy.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)));
