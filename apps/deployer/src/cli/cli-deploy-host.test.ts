// The CLI's DeployHost on a live terminal: a change set it prints and a question it asks are
// never drawn over by the stack board (the board pauses, then comes back below them).
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { NodeReview } from '../orchestrate/deploy-plan.ts';
import { CliDeployHost } from './cli-deploy-host.ts';
import type { CliIo } from './cli-io.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** stderr of a terminal: the board and the notices write to the same stream */
function terminal() {
  const chunks: string[] = [];
  const stderr = { write: (s: string) => chunks.push(s) };
  const io: CliIo = { result: (v) => chunks.push(`stdout:${String(v)}`), info: (t) => stderr.write(`${t}\n`), warn: (t) => stderr.write(`warning: ${t}\n`), error: (t) => stderr.write(`error: ${t}\n`) };
  return { chunks, stderr, io };
}

const late: NodeReview = {
  node: 'database', stackName: 'cg-database', kind: 'stack', action: 'update', reason: 'an upstream output changed',
  changes: [{ action: 'Modify', logicalId: 'DbSubnetGroup', type: 'AWS::RDS::DBSubnetGroup', replacement: 'False' }], plannedFromTemplate: false, exists: true,
};

test('a late change set is printed with the board off the screen, and the board comes back below it', () => {
  const t = terminal();
  const host = new CliDeployHost(t.io, { yes: true, json: false, dryRun: false, live: true, stderr: t.stderr, color: false });
  host.progress({ node: 'database', stackName: 'cg-database', phase: 'creating change set', since: Date.now() });
  host.notify({ level: 'result', code: 'CAGW_DEPLOY_I0301', text: 'cg-database: change set made after the confirmation', data: late });
  const printed = t.chunks.findIndex((c) => c.startsWith('made after the confirmation:'));
  expect(t.chunks[printed]).toContain('~ DbSubnetGroup');
  // the board (one line) was cleared just before, and drawn again just after
  expect(t.chunks[printed - 1]).toBe('\x1b[1A\x1b[0J');
  expect(t.chunks[printed + 1]).toMatch(/^⠿ cg-database {2}creating change set/);
  host.stop();
});

test('while a question waits for its answer the board draws nothing, then comes back', async () => {
  const t = terminal();
  let answer: (yes: boolean) => void = () => {};
  const ask = (question: string) => {
    t.stderr.write(`${question} [y/N] `);
    return new Promise<boolean>((resolve) => (answer = resolve));
  };
  const host = new CliDeployHost(t.io, { yes: false, json: false, dryRun: false, live: true, stderr: t.stderr, color: false, ask });
  host.progress({ node: 'database', stackName: 'cg-database', phase: 'creating change set', since: Date.now() });
  const reply = host.confirm({ text: 'Apply them?', defaultAnswer: false });
  await vi.advanceTimersByTimeAsync(0);
  const asked = t.chunks.length;
  expect(t.chunks.at(-1)).toBe('Apply them? [y/N] ');
  // the board's timer and new progress would have redrawn over the prompt
  await vi.advanceTimersByTimeAsync(5000);
  host.progress({ node: 'gateway', stackName: 'cg-gateway', phase: 'deploying', since: Date.now() });
  expect(t.chunks.length).toBe(asked);
  answer(true);
  expect(await reply).toBe(true);
  expect(t.chunks.slice(asked).join('')).toMatch(/cg-database.*creating change set[\s\S]*cg-gateway.*deploying/);
  host.stop();
});
