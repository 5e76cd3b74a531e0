import { startDevIssuer, type DevIssuer } from '../oidc/dev-issuer.ts';
import { startLocalPostgres, type LocalPostgres } from '../postgres/local-postgres.ts';

// PostgreSQL and the development issuer are started once per process and shared by every
// local gateway, so a second validation only pays for the gateway itself (a warm start).
const postgresByStateDir = new Map<string, Promise<LocalPostgres>>();
const issuerByGroupsClaim = new Map<string, Promise<DevIssuer>>();
let gatewaysRunning = 0;

/** The shared PostgreSQL: one temp cluster, or one per state directory. */
export function sharedPostgres(stateDir: string | undefined): Promise<LocalPostgres> {
  const key = stateDir ?? '';
  let started = postgresByStateDir.get(key);
  if (!started) {
    const starting = startLocalPostgres(stateDir === undefined ? {} : { stateDir });
    postgresByStateDir.set(key, starting);
    // a server that failed to start, or ended since (killed, crashed), is not handed out again
    const forget = () => {
      if (postgresByStateDir.get(key) === starting) postgresByStateDir.delete(key);
    };
    starting.then((postgres) => postgres.exited.then(forget), forget);
    started = starting;
  }
  return started;
}

/** The shared issuer for one groups claim (the claim name is fixed when an issuer starts). */
export function sharedIssuer(groupsClaim: string): Promise<DevIssuer> {
  let started = issuerByGroupsClaim.get(groupsClaim);
  if (!started) {
    const starting = startDevIssuer({ groupsClaim });
    issuerByGroupsClaim.set(groupsClaim, starting);
    const forget = () => {
      if (issuerByGroupsClaim.get(groupsClaim) === starting) issuerByGroupsClaim.delete(groupsClaim);
    };
    starting.then((issuer) => issuer.ended.then(forget), forget);
    started = starting;
  }
  return started;
}

/** Counts a running gateway; the returned function releases it. */
export function holdSharedServices(): () => number {
  gatewaysRunning += 1;
  let released = false;
  return () => {
    if (!released) {
      released = true;
      gatewaysRunning -= 1;
    }
    return gatewaysRunning;
  };
}

/** Stops every shared PostgreSQL and issuer of this process; the next start begins cold. */
export async function stopSharedServices(): Promise<void> {
  const postgres = [...postgresByStateDir.values()];
  const issuers = [...issuerByGroupsClaim.values()];
  postgresByStateDir.clear();
  issuerByGroupsClaim.clear();
  await Promise.all([
    ...postgres.map((started) => started.then((pg) => pg.stop(), () => undefined)),
    ...issuers.map((started) => started.then((issuer) => issuer.stop(), () => undefined)),
  ]);
}
