import { expect, test } from 'vitest';
import { StackGraph, type NodeState } from './stack-graph.ts';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });
const tick = () => new Promise((r) => setImmediate(r));

test('a cycle is reported by name', () => {
  expect(StackGraph.of([node('a', 'c'), node('b', 'a'), node('c', 'b'), node('d')]).findCycle()).toEqual(['a', 'c', 'b', 'a']);
  expect(StackGraph.of([node('a'), node('b', 'a')]).findCycle()).toBeUndefined();
});

test('a dependency outside the plan is refused', () => {
  expect(() => StackGraph.of([node('a', 'ghost')])).toThrow(/depends on ghost, which is not in the plan/);
});

test('a node starts as soon as its dependencies are done, never above the concurrency bound', async () => {
  const graph = StackGraph.of([node('net'), node('idp'), node('db', 'net'), node('col', 'net'), node('vpn', 'net'), node('gw', 'db', 'idp', 'col')]);
  const running = new Set<string>();
  let peak = 0;
  const started: string[] = [];
  const outcome = await graph.run({ concurrency: 2 }, async (n) => {
    started.push(n.id);
    running.add(n.id);
    peak = Math.max(peak, running.size);
    await tick();
    running.delete(n.id);
  });
  expect(peak).toBe(2);
  expect(started.indexOf('gw')).toBeGreaterThan(started.indexOf('db'));
  expect([...outcome.values()].every((o) => o.state === 'completed')).toBe(true);
});

test('after a failure nothing new starts; running nodes finish; the rest are skipped', async () => {
  const graph = StackGraph.of([node('a'), node('slow'), node('b', 'a'), node('c', 'slow')]);
  let release: () => void = () => {};
  const states: [string, NodeState][] = [];
  const outcome = await graph.run({ concurrency: 4, onState: (id, s) => states.push([id, s]) }, async (n) => {
    if (n.id === 'a') throw new Error('boom');
    if (n.id === 'slow') await new Promise<void>((r) => { release = r; setImmediate(() => release()); });
  });
  expect(outcome.get('a')?.state).toBe('failed');
  expect(outcome.get('slow')?.state).toBe('completed');
  expect(outcome.get('b')?.state).toBe('skipped');
  expect(outcome.get('c')?.state).toBe('skipped'); // its dependency finished, but nothing new starts after a failure
});

test('an abort stops new work and marks running nodes interrupted', async () => {
  const controller = new AbortController();
  const graph = StackGraph.of([node('a'), node('b', 'a')]);
  const outcome = await graph.run({ concurrency: 4, signal: controller.signal }, async () => {
    controller.abort();
  });
  expect(outcome.get('a')?.state).toBe('interrupted');
  expect(outcome.get('b')?.state).toBe('skipped');
});

test('dependants are found transitively, and order puts dependencies first', () => {
  const graph = StackGraph.of([node('gw', 'db'), node('net'), node('db', 'net'), node('obs', 'gw')]);
  expect(graph.dependantsOf('net').sort()).toEqual(['db', 'gw', 'obs']);
  expect(graph.order().map((n) => n.id)).toEqual(['net', 'db', 'gw', 'obs']);
});
