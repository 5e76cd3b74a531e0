// The plan's nodes as a dependency graph, run with bounded concurrency: a node starts as soon
// as everything it depends on is done. After a failure (or an interrupt) nothing new starts;
// nodes already running finish; the rest are reported as skipped.
export type NodeState = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'interrupted';

export interface GraphNode {
  id: string;
  dependsOn: readonly string[];
}

export interface NodeOutcome {
  state: NodeState;
  error?: unknown;
}

export interface RunOptions {
  concurrency: number;
  signal?: AbortSignal | undefined;
  onState?: (id: string, state: NodeState) => void;
}

export class StackGraph<N extends GraphNode> {
  private constructor(private readonly nodes: readonly N[]) {}

  static of<N extends GraphNode>(nodes: readonly N[]): StackGraph<N> {
    const ids = new Set(nodes.map((n) => n.id));
    for (const n of nodes) {
      const missing = n.dependsOn.filter((d) => !ids.has(d));
      if (missing.length > 0) throw new Error(`stack graph: ${n.id} depends on ${missing.join(', ')}, which is not in the plan`);
    }
    return new StackGraph(nodes);
  }

  /** A dependency cycle as ids (first repeated at the end), or undefined. */
  findCycle(): string[] | undefined {
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    const state = new Map<string, 'visiting' | 'done'>();
    const path: string[] = [];
    const visit = (id: string): string[] | undefined => {
      if (state.get(id) === 'done') return undefined;
      if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
      state.set(id, 'visiting');
      path.push(id);
      for (const d of byId.get(id)?.dependsOn ?? []) {
        const cycle = visit(d);
        if (cycle) return cycle;
      }
      path.pop();
      state.set(id, 'done');
      return undefined;
    };
    for (const n of this.nodes) {
      const cycle = visit(n.id);
      if (cycle) return cycle;
    }
    return undefined;
  }

  /** Dependencies first; ties keep plan order. */
  order(): N[] {
    const done = new Set<string>();
    const out: N[] = [];
    while (out.length < this.nodes.length) {
      const next = this.nodes.find((n) => !done.has(n.id) && n.dependsOn.every((d) => done.has(d)));
      if (!next) throw new Error(`stack graph: dependency cycle ${this.findCycle()?.join(' -> ')}`);
      done.add(next.id);
      out.push(next);
    }
    return out;
  }

  /** Every node that depends on id, directly or not. */
  dependantsOf(id: string): string[] {
    const out = new Set<string>();
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of this.nodes) {
        if (!out.has(n.id) && n.dependsOn.some((d) => d === id || out.has(d))) {
          out.add(n.id);
          grew = true;
        }
      }
    }
    return [...out];
  }

  async run(options: RunOptions, work: (node: N) => Promise<void>): Promise<Map<string, NodeOutcome>> {
    const cycle = this.findCycle();
    if (cycle) throw new Error(`stack graph: dependency cycle ${cycle.join(' -> ')}`);
    const outcome = new Map<string, NodeOutcome>(this.nodes.map((n) => [n.id, { state: 'pending' }]));
    const set = (id: string, o: NodeOutcome) => {
      outcome.set(id, o);
      options.onState?.(id, o.state);
    };
    const running = new Map<string, Promise<void>>();
    let stopStarting = false;

    for (;;) {
      if (options.signal?.aborted) stopStarting = true;
      if (!stopStarting) {
        for (const n of this.nodes) {
          if (running.size >= options.concurrency) break;
          if (outcome.get(n.id)?.state !== 'pending') continue;
          if (!n.dependsOn.every((d) => outcome.get(d)?.state === 'completed')) continue;
          set(n.id, { state: 'running' });
          running.set(n.id, work(n).then(
            () => set(n.id, { state: options.signal?.aborted ? 'interrupted' : 'completed' }),
            (error: unknown) => {
              set(n.id, { state: options.signal?.aborted ? 'interrupted' : 'failed', error });
              stopStarting = true;
            },
          ).finally(() => running.delete(n.id)));
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    for (const n of this.nodes) if (outcome.get(n.id)?.state === 'pending') set(n.id, { state: 'skipped' });
    return outcome;
  }
}
