// Live progress of a deploy on stderr. On a terminal (outside CI): one redrawn line per
// stack (state, elapsed, resources done / total) with the resource events scrolling above
// it, like rain. Otherwise: one plain line per change, nothing redrawn. While the deploy
// shows a change set or asks a question the progress is paused, so it never draws over them.
import type { StackProgress } from '../orchestrate/deploy-host.ts';

export interface ProgressView {
  update(p: StackProgress): void;
  /** writes nothing until resume() (the board is taken off the screen), keeping what arrives */
  pause(): void;
  /** writes what arrived while paused, then carries on */
  resume(): void;
  /** stops redrawing and leaves the final board on screen */
  stop(): void;
}

interface Writable { write(s: string): unknown }

const elapsed = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

function eventLine(p: StackProgress): string | undefined {
  const e = p.event;
  if (!e) return undefined;
  const reason = e.ResourceStatusReason ? `  ${e.ResourceStatusReason}` : '';
  return `  ${p.stackName}  ${e.LogicalResourceId ?? ''} (${e.ResourceType ?? ''})  ${e.ResourceStatus ?? ''}${reason}`;
}

/** One line per phase change and per resource event; a long wait says how long it has been. */
export class EventLines implements ProgressView {
  private readonly last = new Map<string, { stackName: string; phase: string; since: number; wrote: number }>();
  private readonly timer: ReturnType<typeof setInterval>;
  /** lines kept while paused */
  private held: string[] | undefined;
  constructor(private readonly out: Writable, private readonly now = () => Date.now(), quietMs = 60_000) {
    this.timer = setInterval(() => this.heartbeat(quietMs), quietMs);
    this.timer.unref?.();
  }
  update(p: StackProgress): void {
    const prev = this.last.get(p.node);
    if (!prev || prev.phase !== p.phase) {
      const took = prev ? ` after ${elapsed(this.now() - prev.since)}` : '';
      this.write(`${p.stackName}: ${p.phase}${prev ? ` (${prev.phase}${took})` : ''}\n`);
      this.last.set(p.node, { stackName: p.stackName, phase: p.phase, since: this.now(), wrote: this.now() });
    }
    const line = eventLine(p);
    if (line) {
      this.write(`${line}\n`);
      (this.last.get(p.node) as { wrote: number }).wrote = this.now();
    }
  }
  pause(): void {
    this.held ??= [];
  }
  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const line of held) this.out.write(line);
  }
  stop(): void {
    clearInterval(this.timer);
    this.resume();
  }
  private write(line: string): void {
    if (this.held) this.held.push(line);
    else this.out.write(line);
  }
  private heartbeat(quietMs: number): void {
    for (const s of this.last.values()) {
      if (!ACTIVE.includes(s.phase) || this.now() - s.wrote < quietMs) continue;
      this.write(`${s.stackName}: still ${s.phase}, ${elapsed(this.now() - s.since)} so far\n`);
      s.wrote = this.now();
    }
  }
}

const ACTIVE = ['deploying', 'deleting', 'creating change set', 'running step'];

/** A board of one line per stack, redrawn in place; events scroll above it. */
export class LiveStackBoard implements ProgressView {
  private readonly rows = new Map<string, StackProgress & { phaseStart: number }>();
  private drawn = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  /** event lines kept while paused (the board itself is drawn from rows on resume) */
  private held: string[] | undefined;
  constructor(private readonly out: Writable, private readonly now = () => Date.now()) {
    // long waits keep showing elapsed time
    this.timer = setInterval(() => this.redraw(), 1000);
    this.timer.unref?.();
  }
  update(p: StackProgress): void {
    const prev = this.rows.get(p.node);
    const phaseStart = prev && prev.phase === p.phase ? prev.phaseStart : this.now();
    this.rows.set(p.node, { ...prev, ...p, phaseStart, resourcesDone: p.resourcesDone ?? prev?.resourcesDone, resourcesTotal: p.resourcesTotal ?? prev?.resourcesTotal } as StackProgress & { phaseStart: number });
    const line = eventLine(p);
    if (this.held) {
      if (line) this.held.push(`${line}\n`);
      return;
    }
    this.clear();
    if (line) this.out.write(`${line}\n`);
    this.draw();
  }
  pause(): void {
    if (this.held) return;
    this.clear();
    this.held = [];
  }
  resume(): void {
    if (!this.held) return;
    const held = this.held;
    this.held = undefined;
    for (const line of held) this.out.write(line);
    this.draw();
  }
  stop(): void {
    clearInterval(this.timer);
    if (this.held) this.resume();
    else this.redraw();
  }
  private redraw(): void {
    if (this.held) return;
    this.clear();
    this.draw();
  }
  private clear(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }
  private draw(): void {
    const width = Math.max(0, ...[...this.rows.values()].map((r) => r.stackName.length));
    for (const r of this.rows.values()) {
      const count = r.resourcesTotal ? `  ${r.resourcesDone ?? 0}/${r.resourcesTotal} resources` : '';
      const active = ACTIVE.includes(r.phase);
      this.out.write(`${active ? '⠿' : r.phase === 'failed' ? '✗' : r.phase === 'completed' || r.phase === 'unchanged' ? '✓' : '·'} ${r.stackName.padEnd(width)}  ${r.phase}${active ? `  ${elapsed(this.now() - r.phaseStart)}` : ''}${count}\n`);
    }
    this.drawn = this.rows.size;
  }
}
