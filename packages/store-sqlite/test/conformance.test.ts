import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@nightshift/core';
import { runStoreConformance } from '@nightshift/core/testing';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { betterSqlite3, createSqliteStore, expoSqlite, opSqlite, type SqliteDriver } from '../src';
import { fakeExpoSqlite, fakeOpSqlite } from './fakes';

const dir = mkdtempSync(join(tmpdir(), 'nightshift-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = () => join(dir, `conformance-${files++}.db`);

const handles = new WeakMap<Store, Database.Database>();

function suite(
  name: string,
  openDb: () => Database.Database,
  wrap: (db: Database.Database) => SqliteDriver,
  reopenDb?: (db: Database.Database) => Database.Database,
) {
  const make = (db: Database.Database) => {
    const store = createSqliteStore({ driver: wrap(db) });
    handles.set(store, db);
    return store;
  };
  runStoreConformance(name, () => make(openDb()), {
    reopen: (store) => {
      const db = handles.get(store)!;
      return make(reopenDb ? reopenDb(db) : db);
    },
    corrupt: (store, id) => {
      handles
        .get(store)!
        .prepare('UPDATE nightshift_jobs SET record = ? WHERE id = ?')
        .run('{"id": broken', id);
    },
  });
}

// A reopen of a file opens a new connection; the old one stays open, as the app left it.
suite(
  'better-sqlite3 on a file',
  () => new Database(file()),
  betterSqlite3,
  (db) => new Database(db.name),
);
suite('better-sqlite3 on :memory:', () => new Database(':memory:'), betterSqlite3);
suite(
  'op-sqlite (fake)',
  () => new Database(file()),
  (db) => opSqlite(fakeOpSqlite(db)),
  (db) => new Database(db.name),
);
suite(
  'expo-sqlite (fake)',
  () => new Database(file()),
  (db) => expoSqlite(fakeExpoSqlite(db)),
  (db) => new Database(db.name),
);
suite(
  'expo-sqlite exclusive (fake)',
  () => new Database(file()),
  (db) => expoSqlite(fakeExpoSqlite(db), { exclusive: true }),
  (db) => new Database(db.name),
);
