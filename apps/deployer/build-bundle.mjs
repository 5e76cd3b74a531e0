// Builds the `cagw` users run: compiled and bundled by esbuild into dist/, one chunk per
// command (code splitting follows the command table's dynamic imports), so a command loads only
// what it uses. Bundled: the deployer, the cagw libraries it uses (from their sources) and the
// small pure-JavaScript packages they use, which would otherwise cost hundreds of module loads.
// External (resolved from node_modules at run time): the AWS SDK, and everything that carries
// binaries or reads its own files (the gateway binary, PostgreSQL, the CloudFormation spec).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const workspaceRoot = resolve(here, '../..');
const outdir = join(here, 'dist');
const BUNDLED = ['@cagw/errors', '@cagw/profile', '@cagw/dsn', '@cagw/config-render', '@cagw/preflight', '@cagw/observability', '@cagw/cloudformation', 'zod', 'yaml', 'handlebars', 'dotenv', 'ipaddr.js', 'fastest-levenshtein', 'source-map'];
// what a copied asset folder holds only for the workspace's own development and tests
const DEVELOPMENT_ONLY = /(^|\/)(node_modules|src|testing|test-support)(\/|$)|\.test\.|^vitest\.|^tsconfig/;
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  conditions: ['development'],
  outdir,
  // every output in one folder, so a relocated asset is at ./assets/ from any of them
  chunkNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  // less to parse on every start; names kept, since error classes and stack traces read them
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // CommonJS packages inside an ES module bundle still find require()
  banner: { js: "import { createRequire as __cagwCreateRequire } from 'node:module'; const require = __cagwCreateRequire(import.meta.url);" },
  plugins: [externalUnlessBundled(), relocateAssets()],
});

const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const isBuiltin = (path) => path.startsWith('node:') || builtinModules.includes(path.split('/')[0]);
const externals = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path))));
const undeclared = [...externals].filter((name) => !(name in (manifest.dependencies ?? {})) && !(name in (manifest.optionalDependencies ?? {})));
if (undeclared.length > 0) {
  console.error(`error: the bundle imports ${undeclared.join(', ')} at run time, but apps/deployer/package.json does not depend on it\n  fix: add ${undeclared.map((n) => `"${n}"`).join(', ')} to its dependencies (exact version)`);
  process.exit(1);
}

// What the bundle was built from: inside the workspace the bin runs the sources instead of a
// bundle older than any of these (see bin/cagw.mjs). @cagw/local-gateway is external, so its
// sources count as well.
const inputs = [
  ...Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/')).map((p) => resolve(here, p)),
  ...listFiles(join(workspaceRoot, 'libs/local-gateway/src')),
];
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ inputs: inputs.map((p) => relative(outdir, p)) }, null, 1)}\n`);
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`apps/deployer/dist: main.js and ${Object.keys(result.metafile.outputs).length - 1} chunks, ${Math.round(bytes / 1024)} KiB; external: ${[...externals].sort().join(', ')}`);

/** Bare imports outside BUNDLED stay imports, resolved from node_modules when cagw runs. */
function externalUnlessBundled() {
  return {
    name: 'external-unless-bundled',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (!BUNDLED.includes(packageOf(args.path))) return { path: args.path, external: true };
        if (args.path.startsWith('@cagw/') || args.pluginData === 'from-deployer') return undefined;
        // One copy of each bundled package: the workspaces each hold their own copy of the same
        // version (yaml 2 sits beside a hoisted yaml 1), so resolve it as the deployer would.
        const fromDeployer = await b.resolve(args.path, { kind: args.kind, resolveDir: here, pluginData: 'from-deployer' });
        return fromDeployer.errors.length === 0 ? fromDeployer : undefined;
      });
    },
  };
}

/**
 * `new URL('../templates/', import.meta.url)` names a file next to the source module; bundled,
 * import.meta.url is the chunk's. Each such file or folder is copied to dist/assets/<its path in
 * the workspace>, and the URL rewritten to point there.
 */
function relocateAssets() {
  return {
    name: 'relocate-assets',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const contents = source.replace(/new URL\((['"])([^'"]+)\1, import\.meta\.url\)/g, (whole, _q, rel) => {
          const target = resolve(dirname(args.path), rel);
          if (!existsSync(target) || /\.[cm]?[jt]s$/.test(target)) return whole;
          const key = relative(workspaceRoot, target).replaceAll('\\', '/');
          cpSync(target, join(outdir, 'assets', key), { recursive: true, filter: (src) => !DEVELOPMENT_ONLY.test(relative(target, src)) });
          return `new URL(${JSON.stringify(`./assets/${key}${rel.endsWith('/') ? '/' : ''}`)}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

function listFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}
