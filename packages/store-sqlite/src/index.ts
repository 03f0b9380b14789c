export type {
  BetterSqlite3Database,
  BetterSqlite3Statement,
  BetterSqlite3TransactionBody,
} from './betterSqlite3';
export { betterSqlite3 } from './betterSqlite3';
export type { SqliteCodec, SqliteStoreOptions } from './createSqliteStore';
export { createSqliteStore } from './createSqliteStore';
export type { ExpoSqliteDatabase, ExpoSqliteDriverOptions, ExpoSqliteExecutor } from './expoSqlite';
export { expoSqlite } from './expoSqlite';
export { META_TABLE, SCHEMA_VERSION } from './migrate';
export type { OpSqliteDatabase, OpSqliteExecutor } from './opSqlite';
export { opSqlite } from './opSqlite';
export type { MaybePromise, SqliteDriver, SqliteExecutor, SqlRow, SqlValue } from './SqliteDriver';
