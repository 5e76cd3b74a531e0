// What `cagw rollback` returns to: the task definition the gateway ran before `cagw upgrade`,
// kept in out/<profile>/rollback.json (ARNs and versions only, no secret).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CagwError } from '@cagw/profile';
import type { GatewayService } from './gateway-service.ts';

export interface RollbackRecord {
  previous: GatewayService;
  previousVersion: string;
  upgradedTo: string;
  at: string;
}

export function writeRollbackRecord(path: string, record: RollbackRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

export function readRollbackRecord(path: string): RollbackRecord {
  if (!existsSync(path)) {
    throw new CagwError('NothingToRollBack', `there is no record of an upgrade to roll back (${path})`, {
      source: 'user',
      where: path,
      fix: 'cagw rollback returns to what ran before the last cagw upgrade of this profile; without one, deploy the previous CLAUDE_VERSION with cagw deploy',
    });
  }
  return JSON.parse(readFileSync(path, 'utf8')) as RollbackRecord;
}
