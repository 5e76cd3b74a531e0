// Which changes are guarded, and how the refusal reads: a Conditional replacement counts,
// a template's Snapshot or Retain policy guards a type the list does not name, an update in
// place or an addition is never guarded.
import { expect, test } from 'vitest';
import type { ResourceChange } from './change-set.ts';
import { guardedChangeRefusal } from './guarded-change-refusal.ts';
import { guardedChangesOf } from './guarded-changes.ts';

const TEMPLATE = `Resources:
  Database:
    Type: 'AWS::RDS::DBInstance'
  Cache:
    Type: 'AWS::ElastiCache::CacheCluster'
    DeletionPolicy: Snapshot
  Queue:
    Type: 'AWS::SQS::Queue'
`;
const SHOWN = { where: 'the change sets shown', outcome: 'nothing was executed' };
const change = (c: Partial<ResourceChange> & Pick<ResourceChange, 'logicalId' | 'type'>): ResourceChange => ({ action: 'Modify', replacement: 'False', ...c });

test('a Conditional replacement of a guarded type counts, and is said as "may be replaced"', () => {
  const found = guardedChangesOf('db-stack', [change({ logicalId: 'Database', type: 'AWS::RDS::DBInstance', replacement: 'Conditional', causes: ['StorageType'] })], TEMPLATE);
  expect(found).toEqual([{ stackName: 'db-stack', logicalId: 'Database', type: 'AWS::RDS::DBInstance', loss: 'may-replace', causes: ['StorageType'], guardedBecause: 'the gateway database' }]);
  expect(guardedChangeRefusal(found, [], SHOWN)?.message).toContain('db-stack Database (AWS::RDS::DBInstance, the gateway database) may be replaced: StorageType changed');
});

test('a DeletionPolicy Snapshot in the template guards a type the list does not name', () => {
  const found = guardedChangesOf('s', [change({ logicalId: 'Cache', type: 'AWS::ElastiCache::CacheCluster', replacement: 'True' })], TEMPLATE);
  expect(found.map((g) => [g.logicalId, g.loss, g.guardedBecause])).toEqual([['Cache', 'replace', 'its template keeps it (DeletionPolicy Snapshot)']]);
});

test('updates in place, additions and unguarded replacements are not guarded', () => {
  expect(guardedChangesOf('s', [
    change({ logicalId: 'Database', type: 'AWS::RDS::DBInstance', replacement: 'False' }),
    change({ action: 'Add', logicalId: 'Key', type: 'AWS::KMS::Key', replacement: undefined }),
    change({ logicalId: 'Queue', type: 'AWS::SQS::Queue', replacement: 'True' }),
    change({ action: 'Remove', logicalId: 'Old', type: 'AWS::SQS::Queue', replacement: undefined }),
  ], TEMPLATE)).toEqual([]);
});

test('the refusal names every flag to pass, once per logical id; allowing them all refuses nothing', () => {
  const found = guardedChangesOf('s', [
    change({ logicalId: 'Database', type: 'AWS::RDS::DBInstance', replacement: 'True', causes: ['KmsKeyId'] }),
    change({ action: 'Remove', logicalId: 'Secret', type: 'AWS::SecretsManager::Secret', replacement: undefined }),
  ], TEMPLATE);
  const refusal = guardedChangeRefusal(found, [], SHOWN);
  expect(refusal?.code).toBe('GuardedChangeNotAllowed');
  expect(refusal?.fix).toContain('--allow-replace Database --allow-replace Secret');
  expect(refusal?.message).toContain('s Secret (AWS::SecretsManager::Secret, a Secrets Manager secret) would be removed');
  expect(guardedChangeRefusal(found, ['Database', 'Secret'], SHOWN)).toBeUndefined();
});
