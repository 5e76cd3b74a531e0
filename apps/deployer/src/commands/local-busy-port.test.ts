// cagw local on a port something else holds: the fix names --port with a port free now.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const profile = fileURLToPath(new URL('../../../../profiles/local.env', import.meta.url));
let holder: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));

test('a busy gateway port ends with exit 1 before anything starts, and the fix names --port', { timeout: 30_000 }, async () => {
  holder = createServer();
  const port = await new Promise<number>((resolve) => holder!.listen(0, '127.0.0.1', () => resolve((holder!.address() as { port: number }).port)));
  const io = createRecordingIo();
  const code = await main(['local', '--profile', profile, '--port', String(port), '--state-dir', mkdtempSync(join(tmpdir(), 'cagw-busy-port-'))], io);
  expect(code).toBe(1);
  const err = io.stderr.join('\n');
  expect(err).toContain(`error[PortInUse]: port ${port} on 127.0.0.1 is already in use`);
  expect(err).toMatch(new RegExp(`fix: +stop what listens there \\(ss -ltnp 'sport = :${port}'\\), or pick another port with --port, e\\.g\\. one free now: cagw local --profile \\S*local\\.env --port \\d+`));
});
