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
    started = startLocalPostgres(stateDir === undefined ? {} : { stateDir });
    postgresByStateDir.set(key, started);
    started.catch(() => postgresByStateDir.delete(key));
  }
  return started;
}

/** The shared issuer for one groups claim (the claim name is fixed when an issuer starts). */
export function sharedIssuer(groupsClaim: string): Promise<DevIssuer> {
  let started = issuerByGroupsClaim.get(groupsClaim);
  if (!started) {
    started = startDevIssuer({ groupsClaim });
    issuerByGroupsClaim.set(groupsClaim, started);
    started.catch(() => issuerByGroupsClaim.delete(groupsClaim));
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
