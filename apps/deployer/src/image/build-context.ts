// The build context the builder gets: docker/ as it is, or a copy of it with the profile's
// extra CA files in extra-ca/ and the offline inputs (release key, RDS bundle) in build-inputs/,
// where the Dockerfile looks for them before downloading.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface ContextFiles {
  extraCaFiles: readonly string[];
  releaseKeyFile?: string | undefined;
  caBundleFile?: string | undefined;
}

export function stageBuildContext(contextDir: string, files: ContextFiles): { dir: string; dispose(): void } {
  if (files.extraCaFiles.length === 0 && !files.releaseKeyFile && !files.caBundleFile) return { dir: contextDir, dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'cagw-image-context-'));
  cpSync(contextDir, dir, { recursive: true, filter: (source) => !['node_modules', 'src'].includes(basename(source)) });
  mkdirSync(join(dir, 'extra-ca'), { recursive: true });
  mkdirSync(join(dir, 'build-inputs'), { recursive: true });
  for (const file of files.extraCaFiles) copyFileSync(file, join(dir, 'extra-ca', basename(file)));
  if (files.releaseKeyFile) copyFileSync(files.releaseKeyFile, join(dir, 'build-inputs', 'release-key.asc'));
  if (files.caBundleFile) copyFileSync(files.caBundleFile, join(dir, 'build-inputs', 'rds-global-bundle.pem'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
