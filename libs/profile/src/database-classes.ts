// RDS for PostgreSQL 16 instance classes cagw offers, their memory, and the connections RDS
// allows on each by default.
//
// Classes and memory: "DB instance class types" and "Supported DB engines for DB instance
// classes" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Types.html,
// .../Concepts.DBInstanceClass.Support.html): the Graviton burstable (t4g), general-purpose
// (m7g, m6g) and memory-optimised (r7g, r6g) classes below all run PostgreSQL 16.
//
// Default max_connections for RDS for PostgreSQL is LEAST({DBInstanceClassMemory/9531392}, 5000)
// ("Maximum number of database connections",
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections).
// DBInstanceClassMemory is the class's memory less what the operating system and RDS's own
// processes reserve ("DB parameter formula variables",
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ParamValuesRef.html). AWS does not
// publish the reserve; cagw takes the larger of 300 MiB and 10% of memory, which is at or below
// every value reported from `SHOW max_connections` on real instances (2 GiB: 198, 4 GiB: 413,
// 8 GiB: 856), so the budget errs on the safe side.

export interface DatabaseClass {
  name: string;
  memoryGiB: number;
  vCpu: number;
}

export const DATABASE_CLASSES = [
  { name: 'db.t4g.micro', memoryGiB: 1, vCpu: 2 },
  { name: 'db.t4g.small', memoryGiB: 2, vCpu: 2 },
  { name: 'db.t4g.medium', memoryGiB: 4, vCpu: 2 },
  { name: 'db.t4g.large', memoryGiB: 8, vCpu: 2 },
  { name: 'db.t4g.xlarge', memoryGiB: 16, vCpu: 4 },
  { name: 'db.m7g.large', memoryGiB: 8, vCpu: 2 },
  { name: 'db.m7g.xlarge', memoryGiB: 16, vCpu: 4 },
  { name: 'db.m7g.2xlarge', memoryGiB: 32, vCpu: 8 },
  { name: 'db.m6g.large', memoryGiB: 8, vCpu: 2 },
  { name: 'db.m6g.xlarge', memoryGiB: 16, vCpu: 4 },
  { name: 'db.r7g.large', memoryGiB: 16, vCpu: 2 },
  { name: 'db.r7g.xlarge', memoryGiB: 32, vCpu: 4 },
  { name: 'db.r6g.large', memoryGiB: 16, vCpu: 2 },
  { name: 'db.r6g.xlarge', memoryGiB: 32, vCpu: 4 },
] as const satisfies readonly DatabaseClass[];

export type DatabaseClassName = (typeof DATABASE_CLASSES)[number]['name'];
export const DATABASE_CLASS_NAMES = DATABASE_CLASSES.map((c) => c.name) as DatabaseClassName[];

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** DBInstanceClassMemory as cagw estimates it: memory less max(300 MiB, 10%). */
export function instanceClassMemoryBytes(memoryGiB: number): number {
  const bytes = memoryGiB * GIB;
  return bytes - Math.max(300 * MIB, bytes / 10);
}

/** RDS's default max_connections for a class: LEAST({DBInstanceClassMemory/9531392}, 5000). */
export function defaultMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor(instanceClassMemoryBytes(memoryGiB) / 9531392), 5000);
}

/**
 * Connections a database keeps from the gateway: superuser_reserved_connections (3) and
 * rds.rds_superuser_reserved_connections (2) on RDS for PostgreSQL, the database stack's one-shot
 * role task (1) and room for an operator's psql (2).
 */
export const RESERVED_CONNECTIONS = 8;

/** store.max_connections, the gateway's pool per task: DB_POOL_SIZE's default, the gateway's own. */
export const GATEWAY_POOL_SIZE = 5;

/** During a rolling deploy ECS runs old and new tasks together: MaximumPercent 200 in gateway.yaml. */
export const ROLLOUT_FACTOR = 2;

export interface ConnectionBudget {
  databaseClass: string;
  maxConnections: number;
  reserved: number;
  pool: number;
  maxTasks: number;
  /** MAX_TASKS × pool + reserved: what the profile rule refuses beyond max_connections */
  needed: number;
  fits: boolean;
  /** MAX_TASKS × 2 × pool + reserved: a rolling deploy started at MAX_TASKS runs old and new tasks together */
  neededDuringRollout: number;
  fitsDuringRollout: boolean;
  /** the most MAX_TASKS this class carries */
  maxTasksThatFit: number;
}

/** The connections MAX_TASKS tasks with a pool of poolSize (DB_POOL_SIZE) each take of databaseClass. */
export function connectionBudget(databaseClass: string, maxTasks: number, poolSize: number): ConnectionBudget | undefined {
  const found = DATABASE_CLASSES.find((c) => c.name === databaseClass);
  if (!found) return undefined;
  const maxConnections = defaultMaxConnections(found.memoryGiB);
  const needed = maxTasks * poolSize + RESERVED_CONNECTIONS;
  const neededDuringRollout = maxTasks * ROLLOUT_FACTOR * poolSize + RESERVED_CONNECTIONS;
  return {
    databaseClass, maxConnections, reserved: RESERVED_CONNECTIONS, pool: poolSize, maxTasks,
    needed, fits: needed <= maxConnections,
    neededDuringRollout, fitsDuringRollout: neededDuringRollout <= maxConnections,
    maxTasksThatFit: Math.floor((maxConnections - RESERVED_CONNECTIONS) / poolSize),
  };
}

/** The smallest class (by memory, in the table's order on ties) that carries maxTasks, a rolling deploy included. */
export function smallestClassFor(maxTasks: number, poolSize: number): DatabaseClass | undefined {
  return [...DATABASE_CLASSES].sort((a, b) => a.memoryGiB - b.memoryGiB).find((c) => connectionBudget(c.name, maxTasks, poolSize)?.fitsDuringRollout);
}
