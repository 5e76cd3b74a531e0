import { EventEmitter } from 'node:events';
import { expect, test, vi } from 'vitest';
import { takeOverInterrupts, type SignalTarget } from './interrupts.ts';

const emitterTarget = () => new EventEmitter() as unknown as SignalTarget & EventEmitter;

test('the first stop signal resolves first, later ones go to the repeat handler, and the old hooks do not run meanwhile', async () => {
  const target = emitterTarget();
  const exitHook = vi.fn();
  target.on('SIGINT', exitHook);
  const interrupts = takeOverInterrupts(target);
  const repeats: string[] = [];
  interrupts.onRepeat((signal) => repeats.push(signal));

  target.emit('SIGINT', 'SIGINT');
  expect(await interrupts.first).toBe('SIGINT');
  target.emit('SIGTERM', 'SIGTERM');
  target.emit('SIGINT', 'SIGINT');
  expect(repeats).toEqual(['SIGTERM', 'SIGINT']);
  expect(exitHook).not.toHaveBeenCalled();
});

test('release gives each signal back to the hooks it had before', () => {
  const target = emitterTarget();
  const exitHook = vi.fn();
  target.on('SIGHUP', exitHook);
  const interrupts = takeOverInterrupts(target);
  expect(target.listeners('SIGHUP')).not.toContain(exitHook);
  interrupts.release();
  expect(target.listeners('SIGHUP')).toEqual([exitHook]);
  expect(target.listenerCount('SIGINT')).toBe(0);
  target.emit('SIGHUP', 'SIGHUP');
  expect(exitHook).toHaveBeenCalledOnce();
});

test('a repeat that comes before the repeat handler is set is handed to it when it is', async () => {
  const target = emitterTarget();
  const interrupts = takeOverInterrupts(target);
  target.emit('SIGINT', 'SIGINT');
  target.emit('SIGTERM', 'SIGTERM');
  const repeats: string[] = [];
  interrupts.onRepeat((signal) => repeats.push(signal));
  expect(repeats).toEqual(['SIGTERM']);
});
