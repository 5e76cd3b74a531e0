import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { takeOverInterrupts, type SignalTarget } from './interrupts.ts';
import { runUntilStopped } from './run-until-stopped.ts';
import type { LocalSession } from './start-local-session.ts';

function fakeSession(stopDelayMs = 0) {
  const events: string[] = [];
  let crash: (logs: string[]) => void = () => undefined;
  const session = {
    gatewayExited: new Promise<string[]>((resolve) => {
      crash = resolve;
    }),
    stop: async () => {
      events.push('stop begins');
      await new Promise((resolve) => setTimeout(resolve, stopDelayMs));
      events.push('stop ends');
    },
  } as unknown as LocalSession;
  return { session, events, crash: (logs: string[]) => crash(logs) };
}

test('Ctrl-C stops the session and ends with the signal; a second Ctrl-C during the stop forces it', async () => {
  const target = new EventEmitter() as unknown as SignalTarget & EventEmitter;
  const { session, events } = fakeSession(50);
  const running = runUntilStopped(session, takeOverInterrupts(target), {
    stopping: (end) => events.push(`stopping after ${end.kind}`),
    forceStop: (signal) => {
      events.push(`force ${signal}`);
    },
  });
  target.emit('SIGINT', 'SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 10));
  target.emit('SIGINT', 'SIGINT');
  expect(await running).toEqual({ kind: 'signal', signal: 'SIGINT' });
  expect(events).toEqual(['stopping after signal', 'stop begins', 'force SIGINT', 'stop ends']);
  // the signals are handed back once stopped
  expect(target.listenerCount('SIGINT')).toBe(0);
});

test('a gateway that ends by itself stops the rest and reports its last lines', async () => {
  const target = new EventEmitter() as unknown as SignalTarget & EventEmitter;
  const { session, events, crash } = fakeSession();
  const running = runUntilStopped(session, takeOverInterrupts(target), { stopping: () => events.push('stopping'), forceStop: () => events.push('force') });
  crash(['[gateway] fatal: out of memory']);
  expect(await running).toEqual({ kind: 'gateway-exited', lastLogs: ['[gateway] fatal: out of memory'] });
  expect(events).toEqual(['stopping', 'stop begins', 'stop ends']);
});

test('a stop that never finishes is forced after the stop timeout', async () => {
  const target = new EventEmitter() as unknown as SignalTarget & EventEmitter;
  const forced: string[] = [];
  const hanging = { gatewayExited: new Promise<string[]>(() => undefined), stop: () => new Promise<void>(() => undefined) } as unknown as LocalSession;
  void runUntilStopped(hanging, takeOverInterrupts(target), { stopping: () => undefined, forceStop: (signal) => forced.push(signal) }, 30);
  target.emit('SIGTERM', 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(forced).toEqual(['SIGTERM']);
});
