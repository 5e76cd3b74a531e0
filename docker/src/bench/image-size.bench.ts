// `nx run docker:bench`: builds the gateway image for real (buildah, the loopback registry and
// mirror of image-fixture.ts), pushes it, and prints its size two ways: unpacked on disk, and
// compressed as the registry stores it (what ECR bills and every task pulls at start).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PINNED_GATEWAY_VERSION } from '@cagw/local-gateway';
import { REPO_DIR, startImageFixture } from '../test-support/image-fixture.ts';

const MB = 1024 * 1024;
const out = (line: string) => process.stdout.write(`${line}\n`);
const fixture = await startImageFixture();
try {
  const profile = join(fixture.work, 'bench.env');
  writeFileSync(profile, `${readFileSync(join(REPO_DIR, 'profiles', 'byo-oidc-byotelemetry.env'), 'utf8')}\nIMAGE_BUILDER=buildah\n`);
  const repository = `${fixture.registry}/cagw-gateway`;
  const { release } = fixture;
  const started = Date.now();
  const built = await fixture.cagw([
    'image', 'build', '--profile', profile, '--push', '--repository', repository, '--base', fixture.base, '--release-mirror', release.goodUrl,
    ...release.signerFlags, '--ca-bundle', release.caBundleFile, '--json',
  ], 20 * 60_000);
  if (built.status !== 0) throw new Error(`cagw image build failed:\n${built.stderr}`);
  const seconds = (Date.now() - started) / 1000;
  const { image, tag } = JSON.parse(built.stdout) as { image: string; tag: string };
  // buildah 1.28 gives the unpacked size as text ("646 MB"); later versions as a number of bytes
  // cagw built it in the user's storage; the registry's copy, pulled into the fixture's, is the same image
  await fixture.buildah(['pull', '--quiet', '--tls-verify=false', image]);
  const images = JSON.parse(await fixture.buildah(['images', '--json', image])) as { size: number | string }[];
  const unpacked = images[0]!.size;
  const manifest = await (await fetch(`http://${repository.replace('/', '/v2/')}/manifests/${tag}`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } })).json() as { layers: { size: number }[] };
  const compressed = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  out(`gateway image (Claude Code ${PINNED_GATEWAY_VERSION}, linux/amd64): ${image}`);
  out(`  unpacked:   ${typeof unpacked === 'number' ? `${(unpacked / MB).toFixed(1)} MiB` : unpacked}`);
  out(`  compressed: ${(compressed / MB).toFixed(1)} MiB in ${manifest.layers.length} layers (what a task pulls)`);
  out(`  build + push with buildah, as cagw sets it up here: ${seconds.toFixed(0)} s on this machine`);
} finally {
  await fixture.dispose();
}
