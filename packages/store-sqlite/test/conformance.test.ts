import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@nightshift/core';
import { runStoreConformance } from '@nightshift/core/testing';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, describe, it } from 'vitest';
import {
  betterSqlite3,
  createSqliteStore,
  expoSqlite,
  opSqlite,
  type SqliteCodec,
  type SqliteDriver,
} from '../src';
import { aesGcmCodec, syncAesGcmCodec } from './codecs';
import { fakeExpoSqlite, fakeOpSqlite } from './fakes';

const dir = mkdtempSync(join(tmpdir(), 'nightshift-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = () => join(dir, `conformance-${files++}.db`);

const handles = new WeakMap<Store, Database.Database>();
// Every handle a test opened is closed after it: a property test opens a few per run, and
// each file handle holds three descriptors (the database, its WAL and shared memory).
const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function suite(
  name: string,
  openDb: () => Database.Database,
  wrap: (db: Database.Database) => SqliteDriver,
  reopenDb?: (db: Database.Database) => Database.Database,
  codec?: () => SqliteCodec | Promise<SqliteCodec>,
  propertyRuns?: number,
) {
  // One codec (one key) per database: a reopen must decrypt what the first store wrote.
  const codecs = new WeakMap<Database.Database, SqliteCodec>();
  const make = async (db: Database.Database, sameKeyAs = db) => {
    opened.push(db);
    let c = codecs.get(sameKeyAs);
    if (codec && !c) c = await codec();
    if (c) codecs.set(db, c);
    const store = createSqliteStore({ driver: wrap(db), ...(c ? { codec: c } : {}) });
    handles.set(store, db);
    return store;
  };
  runStoreConformance(name, () => make(openDb()), {
    describe,
    it,
    fc,
    ...(propertyRuns === undefined ? {} : { propertyRuns }),
    // The suite reopens only after it closed the store: the old handle can go at once.
    reopen: (store) => {
      const db = handles.get(store)!;
      if (!reopenDb) return make(db);
      const next = reopenDb(db);
      db.close();
      return make(next, db);
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
// The same store code over other drivers: fewer property runs, to keep the suite quick.
suite('better-sqlite3 on :memory:', () => new Database(':memory:'), betterSqlite3, undefined, undefined, 20);
suite(
  'op-sqlite (fake)',
  () => new Database(file()),
  (db) => opSqlite(fakeOpSqlite(db)),
  (db) => new Database(db.name),
  undefined,
  20,
);
suite(
  'expo-sqlite (fake)',
  () => new Database(file()),
  (db) => expoSqlite(fakeExpoSqlite(db)),
  (db) => new Database(db.name),
  undefined,
  20,
);
suite(
  'expo-sqlite exclusive (fake)',
  () => new Database(file()),
  (db) => expoSqlite(fakeExpoSqlite(db), { exclusive: true }),
  (db) => new Database(db.name),
  undefined,
  20,
);

// The codec path must give records back exactly too: an encrypting codec, both the
// asynchronous path (WebCrypto) and the synchronous one (a native or Node cipher).
suite(
  'better-sqlite3 with an AES-GCM codec (async, WebCrypto)',
  () => new Database(file()),
  betterSqlite3,
  (db) => new Database(db.name),
  aesGcmCodec,
);
suite(
  'op-sqlite (fake) with an AES-GCM codec (sync)',
  () => new Database(file()),
  (db) => opSqlite(fakeOpSqlite(db)),
  (db) => new Database(db.name),
  syncAesGcmCodec,
);
