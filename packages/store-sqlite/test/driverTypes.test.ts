// The drivers take their database by shape, so that the published types compile without
// the SQLite libraries an app does not use. The real libraries' types must still fit.
import type { DB as OpSqliteDB } from '@op-engineering/op-sqlite';
import type Database from 'better-sqlite3';
import type { SQLiteDatabase } from 'expo-sqlite';
import { describe, expectTypeOf, it } from 'vitest';
import type { BetterSqlite3Database, ExpoSqliteDatabase, OpSqliteDatabase } from '../src/index';

describe('driver database types', () => {
  it('accept the real libraries’ databases', () => {
    expectTypeOf<Database.Database>().toExtend<BetterSqlite3Database>();
    expectTypeOf<OpSqliteDB>().toExtend<OpSqliteDatabase>();
    expectTypeOf<SQLiteDatabase>().toExtend<ExpoSqliteDatabase>();
  });
});
