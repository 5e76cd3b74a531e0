// What the image promises, read from the Dockerfile's syntax tree (it is never built here):
// both stages on a digest-pinned base, verification tooling only in the verify stage, the
// runtime as a fixed non-root uid with a HEALTHCHECK, and the release version pinned to the
// binary cagw validates configs with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PINNED_GATEWAY_VERSION } from '@cagw/local-gateway';
import { variableCatalog } from '@cagw/profile';
import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { describe, expect, test } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.ts';
import { DOCKER_DIR } from './test-support/run-bash.ts';

const text = readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);

/** Instructions of each build stage, by stage name. */
function stages(): Map<string, Instruction[]> {
  const byStage = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      current = [];
      byStage.set(instruction.getArgumentsContent()?.split(/\s+AS\s+/i)[1] ?? '', current);
    }
    current?.push(instruction);
  }
  return byStage;
}
const content = (instructions: Instruction[], keyword: string) =>
  instructions.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');
const verify = stages().get('verify') ?? [];
const runtime = stages().get('runtime') ?? [];

describe('Dockerfile', () => {
  test('passes the strict Dockerfile linter, which does catch a broken file', () => {
    expect(lintDockerfile(text, 'Dockerfile')).toEqual([]);
    expect(lintDockerfile('from debian\nWORKDIR relative\nCMD a\nCMD b\n', 'bad')).toHaveLength(3);
  });

  test('has exactly the stages verify and runtime, both on the base pinned by digest', () => {
    expect([...stages().keys()]).toEqual(['verify', 'runtime']);
    for (const from of dockerfile.getFROMs()) expect(from.getArgumentsContent()).toMatch(/^\$\{BASE_IMAGE\}@\$\{BASE_DIGEST\} AS /);
    // no default digest: a build without an explicit pin fails instead of floating
    expect(content(dockerfile.getInitialARGs(), 'ARG')).toContain('BASE_DIGEST');
  });

  test('verifies the release with verify-release.sh against the pinned Anthropic key, then smoke-runs it', () => {
    const run = content(verify, 'RUN').join('\n');
    expect(run).toMatch(/verify-release\.sh --base-url .* --fingerprint "\$\{RELEASE_KEY_FINGERPRINT\}" --out \/out\/claude/s);
    expect(run).toMatch(/amd64\) platform=linux-x64 ;;.*arm64\) platform=linux-arm64 ;;/s);
    expect(run).toContain('/out/claude --version');
    expect(content(verify, 'ARG')).toContain('RELEASE_KEY_FINGERPRINT=31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE');
  });

  test('pins the release the deployer validates configs with, and the profile deploys by default', () => {
    expect(content(verify, 'ARG')).toContain(`CLAUDE_VERSION=${PINNED_GATEWAY_VERSION}`);
    expect(variableCatalog.CLAUDE_VERSION.default).toBe(PINNED_GATEWAY_VERSION);
  });

  test('installs only ca-certificates in the runtime stage, and copies only verified output from the verify stage', () => {
    const run = content(runtime, 'RUN').join('\n');
    expect(run.match(/apt-get install -y --no-install-recommends ([^&]*)/)?.[1]?.trim().split(/\s+/)).toEqual(['ca-certificates']);
    expect(run).not.toMatch(/\b(gnupg|gpg|curl|wget|python3?|perl|jq)\b/);
    const fromVerify = dockerfile
      .getCOPYs()
      .filter((copy) => runtime.includes(copy) && copy.getFlags().some((f) => f.getName() === 'from' && f.getValue() === 'verify'));
    expect(fromVerify.map((i) => i.getArgumentsContent()?.split(/\s+/).at(-2))).toEqual(['/out/claude', '/out/rds-global-bundle.pem']);
  });

  test('runs as a fixed non-root uid, with a writable CLAUDE_CONFIG_DIR, the RDS CA trusted, a /healthz HEALTHCHECK and the entrypoint', () => {
    expect(content(runtime, 'USER')).toEqual(['10001:10001']);
    const env = content(runtime, 'ENV').join(' ');
    expect(env).toContain('CLAUDE_CONFIG_DIR=/tmp/.claude');
    expect(env).toContain('NODE_EXTRA_CA_CERTS=/etc/claude/rds-global-bundle.pem');
    expect(content(runtime, 'HEALTHCHECK')).toEqual([expect.stringContaining('CMD ["/opt/cagw/healthcheck.sh"]')]);
    expect(readFileSync(join(DOCKER_DIR, 'healthcheck.sh'), 'utf8')).toContain('GET /healthz');
    expect(content(runtime, 'ENTRYPOINT')).toEqual(['["/opt/cagw/entrypoint.sh"]']);
    expect(content(runtime, 'COPY').join('\n')).toContain('entrypoint.sh pct-encode.sh healthcheck.sh /opt/cagw/');
  });

  test('sends only the image scripts into the build context', () => {
    const ignore = readFileSync(join(DOCKER_DIR, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore).toEqual(['*', '!verify-release.sh', '!entrypoint.sh', '!pct-encode.sh', '!healthcheck.sh', '!extra-ca/', '!build-inputs/']);
  });
});
