import { afterEach, expect, test, vi } from 'vitest';
import type { StackProgress } from '../orchestrate/deploy-host.ts';
import { EventLines, LiveStackBoard } from './stack-board.ts';

const sink = () => {
  const chunks: string[] = [];
  return { chunks, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};
let now = 0;
const at = (ms: number) => (now = ms);
const p = (node: string, phase: StackProgress['phase'], extra: Partial<StackProgress> = {}): StackProgress => ({ node, stackName: `cg-${node}`, phase, since: now, ...extra });
const event = { StackId: 's', StackName: 'cg-net', EventId: 'e', Timestamp: new Date(0), LogicalResourceId: 'Vpc', ResourceType: 'AWS::EC2::VPC', ResourceStatus: 'CREATE_COMPLETE' as const };

test('plain lines: one per phase change (with how long the last one took) and one per resource event', () => {
  const out = sink();
  const lines = new EventLines(out, () => now);
  at(0);
  lines.update(p('net', 'deploying'));
  at(65_000);
  lines.update(p('net', 'deploying', { event }));
  lines.update(p('net', 'completed'));
  expect(out.text()).toBe('cg-net: deploying\n  cg-net  Vpc (AWS::EC2::VPC)  CREATE_COMPLETE\ncg-net: completed (deploying after 1m05s)\n');
});

test('a long quiet wait in plain mode says how long it has been', () => {
  vi.useFakeTimers();
  const out = sink();
  const lines = new EventLines(out, () => Date.now(), 60_000);
  lines.update({ node: 'db', stackName: 'cg-db', phase: 'deploying', since: Date.now() });
  vi.advanceTimersByTime(5 * 60_000);
  lines.stop();
  expect(out.text()).toContain('cg-db: still deploying, 5m00s so far\n');
  expect(out.chunks.filter((c) => c.includes('still deploying'))).toHaveLength(5);
});
afterEach(() => vi.useRealTimers());

test('the live board redraws one line per stack in place, with elapsed time and resources done', () => {
  const out = sink();
  const board = new LiveStackBoard(out, () => now);
  at(0);
  board.update(p('net', 'deploying', { resourcesDone: 0, resourcesTotal: 41 }));
  board.update(p('idp', 'waiting'));
  at(12_000);
  board.update(p('net', 'deploying', { resourcesDone: 7, event }));
  board.stop();
  const last = out.chunks.slice(out.chunks.lastIndexOf('\x1b[2A\x1b[0J') + 1).join('');
  expect(last).toBe('⠿ cg-net  deploying  12s  7/41 resources\n· cg-idp  waiting\n');
  // the event scrolled above the board, after the board was cleared
  expect(out.text()).toContain('\x1b[2A\x1b[0J  cg-net  Vpc (AWS::EC2::VPC)  CREATE_COMPLETE\n');
});

test('a paused board is taken off the screen and stays off (timer and updates), then comes back below what was written, with the events it kept', () => {
  vi.useFakeTimers();
  const out = sink();
  const board = new LiveStackBoard(out, () => now);
  at(0);
  board.update(p('net', 'deploying', { resourcesDone: 0, resourcesTotal: 41 }));
  board.update(p('db', 'creating change set'));
  board.pause();
  expect(out.chunks.at(-1)).toBe('\x1b[2A\x1b[0J');
  const whilePaused = out.chunks.length;
  out.write('Apply these changes? [y/N] ');
  vi.advanceTimersByTime(5000);
  board.update(p('net', 'deploying', { resourcesDone: 7, event }));
  expect(out.chunks.length).toBe(whilePaused + 1);
  board.resume();
  expect(out.chunks.slice(whilePaused + 1).join('')).toBe('  cg-net  Vpc (AWS::EC2::VPC)  CREATE_COMPLETE\n⠿ cg-net  deploying  0s  7/41 resources\n⠿ cg-db   creating change set  0s\n');
  board.stop();
});

test('paused plain lines are kept and written on resume, in order', () => {
  const out = sink();
  const lines = new EventLines(out, () => now);
  at(0);
  lines.update(p('net', 'deploying'));
  lines.pause();
  lines.update(p('net', 'deploying', { event }));
  lines.update(p('db', 'creating change set'));
  expect(out.text()).toBe('cg-net: deploying\n');
  lines.resume();
  expect(out.text()).toBe('cg-net: deploying\n  cg-net  Vpc (AWS::EC2::VPC)  CREATE_COMPLETE\ncg-db: creating change set\n');
  lines.stop();
});
