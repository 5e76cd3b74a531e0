// The price table keeps up with what a profile may choose: every database class DB_INSTANCE_CLASS
// accepts has an instance-hour price in every region priced, so `cagw cost` never stops on one.
import { DATABASE_CLASSES } from '@cagw/profile';
import { expect, test } from 'vitest';
import { PRICE_TABLE } from './price-table.ts';

test.each(Object.keys(PRICE_TABLE))('%s prices every database class DB_INSTANCE_CLASS accepts', (region) => {
  const priced = Object.keys(PRICE_TABLE[region]!.rdsInstanceHour);
  expect(DATABASE_CLASSES.map((c) => c.name).filter((name) => !priced.includes(name))).toEqual([]);
});
