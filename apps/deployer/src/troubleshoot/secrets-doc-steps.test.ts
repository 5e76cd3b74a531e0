// The shell steps of docs/secrets.md that put a key into a file, read out of the page and run as
// written under the usual umask (022), with `aws` and `npx` replaced by scripts that record the
// mode of every file:// they are handed: each file holding a key is 0600 while it exists, and
// none is left behind (issue 27.8: the steps wrote signing keys to 0644 files). openssl is real.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';

const PAGE = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'secrets.md');
const blocks = [...readFileSync(PAGE, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((m) => (m[1] ?? '').replace(/^ {3}/gm, ''))
  .filter((b) => b.includes('file://'));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cagw-secrets-doc-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'work'));
  // records "mode path" for every file:// argument; answers get-secret-value as the CLI would
  writeFileSync(join(dir, 'bin', 'aws'), `#!/bin/bash
for a in "$@"; do case "$a" in file://*) f="\${a#file://}"; echo "$(stat -c %a "$f") $f" >> "${join(dir, 'modes.log')}";; esac; done
case " $* " in *" get-secret-value "*) echo '{"SecretString": "the-current-session-key-of-64-characters-xxxxxxxxxxxxxxxxxxxxxxx"}';; *" create-secret "*) echo 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/jwt-previous-AbCdEf';; esac
`);
  writeFileSync(join(dir, 'bin', 'npx'), '#!/bin/bash\nexit 0\n');
  chmodSync(join(dir, 'bin', 'aws'), 0o755);
  chmodSync(join(dir, 'bin', 'npx'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the page has the steps that write a key to a file (the session key copy and the new key)', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
});

test.each(blocks.map((b, i) => [i + 1, b] as const))('step block %i writes its key files 0600 under umask 022 and removes them', (_n, block) => {
  // placeholders such as <JwtSecret ARN> stand for values the operator pastes
  const script = `umask 022\nset -euo pipefail\n${block.replace(/<[^<>\n]+>/g, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf')}`;
  execFileSync('bash', ['-c', script], { cwd: join(dir, 'work'), env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  const modes = readFileSync(join(dir, 'modes.log'), 'utf8').trim().split('\n');
  expect(modes.length).toBeGreaterThan(0);
  for (const line of modes) expect(line).toMatch(/^600 /);
  expect(readdirSync(join(dir, 'work'))).toEqual([]);
});

test('the database password steps rotate the secret of the role the gateway connects as, and put no password into SQL', () => {
  const page = readFileSync(PAGE, 'utf8');
  const section = page.slice(page.indexOf('## Database password'), page.indexOf('\n## ', page.indexOf('## Database password') + 3));
  // the template: the gateway's user (DbUser) and the secret its password comes from (DbSecretArn)
  const template = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'cloudformation', 'templates', 'database.yaml'), 'utf8');
  const user = /DbUser:[\s\S]*?Value: (\S+)/.exec(template)?.[1];
  const secret = /DbSecretArn:[\s\S]*?Value: !Ref (\S+)/.exec(template)?.[1];
  expect(user).toBeDefined();
  expect(section).toContain(`\`${user}\``);
  expect(section).toContain(`--secret-id <${secret} ARN>`);
  // a password in SQL stays in psql's history and can reach the server log
  expect(section).not.toMatch(/PASSWORD\s+'/i);
});
