// Builds the `cagw` users run: compiled and bundled by esbuild into dist/, one chunk per
// command (code splitting follows the command table's dynamic imports), so a command loads only
// what it uses. Bundled: the deployer, the cagw libraries it uses (from their sources) and the
// small pure-JavaScript packages they use, which would otherwise cost hundreds of module loads.
// External (resolved from node_modules at run time): the AWS SDK, and everything that carries
// binaries or reads its own files (the gateway binary, PostgreSQL, the CloudFormation spec).
// `npm ci` runs this (the workspace's prepare script), so a fresh clone's cagw starts from the
// bundle; bin/cagw.mjs runs the sources instead whenever the bundle is older than what it was
// built from (dist/inputs.json).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
/** the files each relocated asset was copied from: a change to one makes the bundle stale */
const assetSources = new Set();
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

// The workspace packages the bundle imports at run time (@cagw/local-gateway, …) run from their
// dist/, built by their own build script (as nx's ^build would) when missing or older than their sources.
const packages = workspacePackages();
const workspaceExternals = withWorkspaceDependencies(packages, [...externals].filter((name) => packages.has(name)));
// each as soon as the workspace packages it depends on are built (two at a time at most here)
const builds = new Map();
for (const name of workspaceExternals) {
  const needs = workspaceDependencies(packages, name).map((dependency) => builds.get(dependency));
  builds.set(name, Promise.all(needs).then(() => buildWorkspacePackage(packages.get(name))));
}
await Promise.all(builds.values());

// What the bundle was built from: inside the workspace the bin runs the sources instead of a
// bundle older than any of these (see bin/bundle-freshness.mjs): its sources, the assets it
// copied, the sources of the workspace packages it imports, and the lock file (a bundled
// package's version). `requires`: the built files the bundle needs besides its own.
const inputs = [
  ...Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/')).map((p) => resolve(here, p)),
  ...assetSources,
  ...workspaceExternals.flatMap((name) => listFiles(join(packages.get(name), 'src')).filter((f) => !/\.test\.[cm]?ts$/.test(f))),
  join(workspaceRoot, 'package-lock.json'),
];
const requires = workspaceExternals.map((name) => join(packages.get(name), 'dist', 'index.js'));
const rel = (paths) => [...new Set(paths)].map((p) => relative(outdir, p));
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ inputs: rel(inputs), requires: rel(requires) }, null, 1)}\n`);
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
          for (const file of statSync(target).isDirectory() ? listFiles(target) : [target]) if (!DEVELOPMENT_ONLY.test(relative(target, file))) assetSources.add(file);
          return `new URL(${JSON.stringify(`./assets/${key}${rel.endsWith('/') ? '/' : ''}`)}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** The workspace's packages by name → folder (from the root package.json's workspaces). */
function workspacePackages() {
  const packagesByName = new Map();
  const { workspaces = [] } = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
  for (const pattern of workspaces) {
    const dirs = pattern.endsWith('/*') ? readdirSync(join(workspaceRoot, pattern.slice(0, -2)), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(workspaceRoot, pattern.slice(0, -2), e.name)) : [join(workspaceRoot, pattern)];
    for (const dir of dirs) {
      if (existsSync(join(dir, 'package.json'))) packagesByName.set(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, dir);
    }
  }
  return packagesByName;
}

/** `names` and the workspace packages they depend on, dependencies first. */
function withWorkspaceDependencies(packages, names) {
  const ordered = [];
  const visit = (name) => {
    if (ordered.includes(name)) return;
    for (const dependency of workspaceDependencies(packages, name)) visit(dependency);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

function workspaceDependencies(packages, name) {
  const { dependencies = {} } = JSON.parse(readFileSync(join(packages.get(name), 'package.json'), 'utf8'));
  return Object.keys(dependencies).filter((dependency) => packages.has(dependency));
}

/** Runs the package's own build (tsc -p tsconfig.build.json) unless its dist is newer than its sources. */
async function buildWorkspacePackage(dir) {
  const built = join(dir, 'dist', 'index.js');
  const newestSource = Math.max(...listFiles(join(dir, 'src')).map((f) => statSync(f).mtimeMs), statSync(join(dir, 'package.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  const { scripts = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (scripts.build !== 'tsc -p tsconfig.build.json') throw new Error(`${relative(workspaceRoot, dir)}: expected the build script tsc -p tsconfig.build.json, found ${scripts.build}`);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  await new Promise((done, failed) => {
    execFile(process.execPath, [join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.build.json')], { timeout: 600_000 }, (error, stdout) => {
      if (error) failed(new Error(`${relative(workspaceRoot, dir)}: tsc -p tsconfig.build.json failed:\n${stdout}${error.message}`));
      else done();
    });
  });
}

function listFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}
