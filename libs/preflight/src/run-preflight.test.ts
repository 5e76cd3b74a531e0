import { describe, expect, test } from 'vitest';
import { fail, pass, type PreflightCheck } from './check.ts';
import { runPreflight, selectChecks, unknownCheckIds } from './run-preflight.ts';
import { fakeClients, settingsFrom } from './test-support.ts';

const settings = settingsFrom({});
const check = (id: string, needs: PreflightCheck['needs'], run: PreflightCheck['run']): PreflightCheck => ({ id, title: `title of ${id}`, needs, reads: [], run });

describe('runPreflight', () => {
  test('runs the checks concurrently: three slow checks are all in flight at once', async () => {
    let running = 0;
    let most = 0;
    const slow = (id: string) => check(id, 'network', async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 200));
      running -= 1;
      return pass('done');
    });
    await runPreflight(settings, undefined, fakeClients(), { checks: [slow('a.one'), slow('a.two'), slow('a.three')] });
    expect(most).toBe(3);
  });

  test('reports every result even when checks fail, throw or hang', async () => {
    const report = await runPreflight(settings, undefined, fakeClients(), {
      timeoutMs: 100,
      checks: [
        check('x.fails', 'offline', async () => fail('broken', 'mend it')),
        check('x.throws', 'offline', async () => { throw new TypeError('boom'); }),
        check('x.hangs', 'network', () => new Promise(() => {})),
        check('x.passes', 'network', async () => pass('fine')),
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => [r.id, r.status])).toEqual([['x.fails', 'fail'], ['x.throws', 'fail'], ['x.hangs', 'fail'], ['x.passes', 'pass']]);
    expect(report.results[0]).toEqual({ id: 'x.fails', title: 'title of x.fails', status: 'fail', message: 'broken', fix: 'mend it' });
    expect(report.results[1]!.message).toContain('TypeError: boom');
    expect(report.results[2]!.message).toMatch(/did not finish within/);
  });

  test('aborts the signal of a check that runs out of time', async () => {
    let aborted = false;
    await runPreflight(settings, undefined, fakeClients(), {
      timeoutMs: 50,
      checks: [check('x.slow', 'network', ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => { aborted = true; resolve(pass('late')); })))],
    });
    expect(aborted).toBe(true);
  });

  test('offline checks run before the others, and are listed first', async () => {
    const order: string[] = [];
    const log = (id: string, needs: PreflightCheck['needs']) => check(id, needs, async () => { order.push(id); return pass(id); });
    const report = await runPreflight(settings, undefined, fakeClients(), { checks: [log('n.one', 'network'), log('o.one', 'offline'), log('o.two', 'offline')] });
    expect(order.slice(0, 2).sort()).toEqual(['o.one', 'o.two']);
    expect(report.results.map((r) => r.id)).toEqual(['o.one', 'o.two', 'n.one']);
  });

  test('without AWS clients, AWS checks are skipped with the reason and never run', async () => {
    let ran = false;
    const report = await runPreflight(settings, undefined, fakeClients({ aws: undefined, noAwsReason: 'no AWS credentials from the default credential chain' }), {
      checks: [check('aws.thing', 'aws', async () => { ran = true; return pass('x'); })],
    });
    expect(ran).toBe(false);
    expect(report.results[0]).toMatchObject({ status: 'skip', message: 'needs AWS credentials: no AWS credentials from the default credential chain' });
    expect(report.ok).toBe(true);
  });

  test('a check that does not apply is skipped with its reason', async () => {
    const report = await runPreflight(settings, undefined, fakeClients(), {
      checks: [{ ...check('x.na', 'offline', async () => fail('ran', 'x')), skipReason: () => 'not with this profile' }],
    });
    expect(report.results[0]).toMatchObject({ status: 'skip', message: 'not with this profile' });
  });

  test('a check that uses AWS clients without declaring it fails instead of passing', async () => {
    const report = await runPreflight(settings, undefined, fakeClients(), {
      checks: [check('x.sneaky', 'offline', async ({ aws }) => { void aws.sts; return pass('x'); })],
    });
    expect(report.results[0]!.status).toBe('fail');
  });
});

describe('selecting checks', () => {
  const checks = [check('tls.a', 'offline', async () => pass('')), check('tls.b', 'offline', async () => pass('')), check('aws.identity', 'aws', async () => pass(''))];
  test('--only takes exact ids and groups', () => {
    expect(selectChecks(checks, ['tls']).map((c) => c.id)).toEqual(['tls.a', 'tls.b']);
    expect(selectChecks(checks, ['aws.identity', 'tls.b']).map((c) => c.id)).toEqual(['tls.b', 'aws.identity']);
    expect(selectChecks(checks, []).length).toBe(3);
  });
  test('names that match no check are reported, and a group prefix must end at a dot', () => {
    expect(unknownCheckIds(['tl', 'tls', 'nope.x'], checks)).toEqual(['tl', 'nope.x']);
  });
});
