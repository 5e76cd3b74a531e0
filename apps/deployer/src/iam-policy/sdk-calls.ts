// The AWS API operations a cagw command can reach, read from its source: starting at the
// command's file, every module it imports (relative paths and the workspace's @cagw packages,
// static and lazy imports alike) is read, and each name it imports from an @aws-sdk client is
// an operation: `FooCommand` is Foo, `paginateFoo` is Foo, and a waiter is the operation its
// SDK source sends. So the policy follows the code: a new call in a new file shows up here.
// Test-only files are not followed.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SdkCall {
  /** the client package, '@aws-sdk/client-s3' */
  client: string;
  /** the API operation, 'PutObject' */
  operation: string;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:\{([^}]*)\}|[\w*\s,]+)\s+from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** The package.json of a package as Node finds it from a file (node_modules up the tree), read directly: exports may hide it. */
function packageJsonOf(spec: string, from: string): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', spec, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where a workspace package's source entry is (its exports' development condition). */
function workspaceEntry(spec: string, from: string): string | undefined {
  try {
    const pkgJson = packageJsonOf(spec, from);
    if (!pkgJson) return undefined;
    const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports?: Record<string, { development?: string } | string> };
    const dot = pkg.exports?.['.'];
    const entry = typeof dot === 'object' ? dot.development : undefined;
    return entry ? realpathSync(join(dirname(pkgJson), entry)) : undefined;
  } catch {
    return undefined;
  }
}

/** The operation a waiter polls with, read from the SDK's own waiter source. */
function waiterOperation(client: string, waiter: string, from: string): string | undefined {
  try {
    const pkgJson = packageJsonOf(client, from);
    if (!pkgJson) return undefined;
    const pkgDir = dirname(pkgJson);
    const file = waiter.replace(/^waitFor/, 'waitFor').replace(/^waitUntil/, 'waitFor');
    const text = readFileSync(join(pkgDir, 'dist-es', 'waiters', `${file}.js`), 'utf8');
    return /new (\w+)Command\(/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

function operationsOf(names: string, client: string, from: string): string[] {
  return names.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0] ?? '').flatMap((n) => {
    if (/^[A-Z]\w*Command$/.test(n) && !/ServiceException|Client$/.test(n)) return [n.replace(/Command$/, '')];
    if (/^paginate[A-Z]/.test(n)) return [n.replace(/^paginate/, '')];
    if (/^wait(For|Until)[A-Z]/.test(n)) {
      const op = waiterOperation(client, n, from);
      return op ? [op] : [];
    }
    return [];
  });
}

/** Every SDK operation reachable from the entry files, sorted and unique. */
export function reachableSdkCalls(entries: string[]): SdkCall[] {
  const seen = new Set<string>();
  const calls = new Map<string, SdkCall>();
  const queue = entries.map((e) => resolve(e));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[3] ?? '';
      if (spec.startsWith('@aws-sdk/client-') && m[1]) {
        for (const operation of operationsOf(m[1], spec, file)) calls.set(`${spec} ${operation}`, { client: spec, operation });
      } else if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!/\.test\.ts$|\/testing\//.test(target)) queue.push(target.endsWith('.ts') ? target : `${target}.ts`);
      } else if (spec.startsWith('@cagw/')) {
        const entry = workspaceEntry(spec, file);
        if (entry) queue.push(entry);
      }
    }
  }
  return [...calls.values()].sort((a, b) => `${a.client} ${a.operation}`.localeCompare(`${b.client} ${b.operation}`));
}
