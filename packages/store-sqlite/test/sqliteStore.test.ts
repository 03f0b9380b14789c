import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionsError, type JobRecord, StoreError } from '@nightshift/core';
import { makeJobRecord } from '@nightshift/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { betterSqlite3, createSqliteStore, opSqlite, SCHEMA_VERSION, type SqliteDriver } from '../src';
import { MIGRATIONS, migrate } from '../src/migrate';
import { aesGcmCodec } from './codecs';
import { fakeOpSqlite } from './fakes';

const dir = mkdtempSync(join(tmpdir(), 'nightshift-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = () => join(dir, `store-${files++}.db`);

const rec = (id: string, over: Partial<JobRecord> = {}): JobRecord =>
  makeJobRecord(id, {
    name: 'sync',
    payload: { token: 'secret-token-123', id },
    createdAt: 1,
    updatedAt: 1,
    runAt: 1,
    seq: 1,
    ...over,
  });

describe('createSqliteStore options', () => {
  it('refuses bad table names with InvalidOptionsError', () => {
    const driver = betterSqlite3(new Database(':memory:'));
    for (const table of [
      '',
      'bad-name',
      '1jobs',
      'jobs"; DROP TABLE x; --',
      'sqlite_jobs',
      'nightshift_meta',
      'x'.repeat(65),
    ]) {
      expect(() => createSqliteStore({ driver, table })).toThrow(InvalidOptionsError);
    }
    expect(() => createSqliteStore({ driver, synchronous: 'off' as never })).toThrow(InvalidOptionsError);
    expect(() => createSqliteStore({} as never)).toThrow(InvalidOptionsError);
  });

  it('opens lazily in WAL mode with synchronous NORMAL by default, FULL on request', async () => {
    const db = new Database(file());
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    await store.load();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    await createSqliteStore({ driver: betterSqlite3(db), synchronous: 'full' }).load();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('keeps tables apart, each with its own schema version', async () => {
    const db = new Database(':memory:');
    const a = createSqliteStore({ driver: betterSqlite3(db), table: 'a_jobs' });
    const b = createSqliteStore({ driver: betterSqlite3(db), table: 'b_jobs' });
    await a.write([{ put: rec('1') }]);
    await b.write([{ put: rec('2') }]);
    expect(await a.load()).toEqual([rec('1')]);
    expect(await b.load()).toEqual([rec('2')]);
    expect(db.prepare('SELECT table_name, version FROM nightshift_meta ORDER BY table_name').all()).toEqual([
      { table_name: 'a_jobs', version: SCHEMA_VERSION },
      { table_name: 'b_jobs', version: SCHEMA_VERSION },
    ]);
  });

  it('close() leaves the database handle open, and the store opens again on use', async () => {
    const db = new Database(file());
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    await store.write([{ put: rec('a') }]);
    await store.close?.();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM nightshift_jobs').get()).toEqual({ n: 1 });
    expect(await store.load()).toEqual([rec('a')]);
  });

  it('prepares each statement once and reuses it across writes', async () => {
    const db = new Database(':memory:');
    let prepared = 0;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared++;
      return prepare(sql);
    }) as typeof db.prepare;
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    await store.load();
    const before = prepared;
    for (let i = 0; i < 100; i++) await store.write([{ put: rec(`j${i}`) }]);
    for (let i = 0; i < 100; i++) await store.write([{ delete: `j${i}` }]);
    expect(prepared - before).toBeLessThanOrEqual(2);
  });
});

describe('schema versions', () => {
  it('migrates an older table forward and keeps its rows', async () => {
    const db = new Database(file());
    const driver = betterSqlite3(db);
    const store = createSqliteStore({ driver });
    await store.write([{ put: rec('a') }]);
    const next = [...MIGRATIONS, (t: string) => [`ALTER TABLE ${t} ADD COLUMN note TEXT`]];
    await migrate(driver, 'nightshift_jobs', next);
    expect(
      db.prepare("SELECT version FROM nightshift_meta WHERE table_name = 'nightshift_jobs'").get(),
    ).toEqual({
      version: SCHEMA_VERSION + 1,
    });
    expect(db.prepare('SELECT id, note FROM nightshift_jobs').all()).toEqual([{ id: 'a', note: null }]);
    // Running it again changes nothing, and the migrated rows still load.
    await migrate(driver, 'nightshift_jobs', next);
    expect(db.prepare('SELECT record FROM nightshift_jobs').all()).toEqual([
      { record: JSON.stringify(rec('a')) },
    ]);
    // This package, one version behind the table now, refuses it.
    await expect(createSqliteStore({ driver: betterSqlite3(db) }).load()).rejects.toBeInstanceOf(StoreError);
  });

  it('refuses a table from a newer version, naming both versions, and leaves it as it is', async () => {
    const db = new Database(file());
    await createSqliteStore({ driver: betterSqlite3(db) }).write([{ put: rec('a') }]);
    db.prepare("UPDATE nightshift_meta SET version = 99 WHERE table_name = 'nightshift_jobs'").run();
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    const error = await store.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain('version 99');
    expect((error as Error).message).toContain(`version ${SCHEMA_VERSION}`);
    await expect(store.write([{ put: rec('b') }])).rejects.toBeInstanceOf(StoreError);
    expect(db.prepare('SELECT id FROM nightshift_jobs').all()).toEqual([{ id: 'a' }]);
  });
});

describe('corrupt rows', () => {
  it('reports rows that cannot be read, loads the rest and leaves them as they are', async () => {
    const db = new Database(':memory:');
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    await store.write(['a', 'b', 'c', 'd'].map((id) => ({ put: rec(id) })));
    const set = db.prepare('UPDATE nightshift_jobs SET record = ? WHERE id = ?');
    set.run('{not json', 'a');
    set.run('{"id":"b","name":"sync"}', 'b');
    set.run(Buffer.from('binary'), 'c');
    const loaded = await store.load();
    expect(loaded.filter((e) => 'corrupt' in e)).toEqual([
      { id: 'a', corrupt: expect.stringContaining('not JSON') },
      { id: 'b', corrupt: expect.stringContaining('missing') },
      { id: 'c', corrupt: expect.stringContaining('binary') },
    ]);
    expect(loaded.filter((e) => !('corrupt' in e))).toEqual([rec('d')]);
    await store.write([{ put: rec('d', { attempts: 1 }) }]);
    expect(db.prepare("SELECT record FROM nightshift_jobs WHERE id = 'a'").get()).toEqual({
      record: '{not json',
    });
  });
});

describe('codec', () => {
  it('round-trips records through an AES-GCM codec, and nothing is plaintext at rest', async () => {
    const db = new Database(file());
    const codec = await aesGcmCodec();
    const store = createSqliteStore({ driver: betterSqlite3(db), codec });
    await store.write([{ put: rec('a') }, { put: rec('b') }]);
    expect(await store.load()).toEqual([rec('a'), rec('b')]);
    for (const row of db.prepare('SELECT record FROM nightshift_jobs').all() as Array<{ record: unknown }>) {
      expect(row.record).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(row.record as Uint8Array).toString('latin1')).not.toContain('secret-token');
    }
    // Another key cannot decode: the rows come back corrupt and stay.
    const other = createSqliteStore({ driver: betterSqlite3(db), codec: await aesGcmCodec() });
    expect(await other.load()).toEqual([
      { id: 'a', corrupt: expect.stringContaining('codec') },
      { id: 'b', corrupt: expect.stringContaining('codec') },
    ]);
    expect(await store.load()).toEqual([rec('a'), rec('b')]);
  });

  it('works with a codec over an async driver (op-sqlite blobs come back as ArrayBuffer)', async () => {
    const store = createSqliteStore({
      driver: opSqlite(fakeOpSqlite(new Database(':memory:'))),
      codec: await aesGcmCodec(),
    });
    await store.write([{ put: rec('a') }]);
    expect(await store.load()).toEqual([rec('a')]);
  });
});

describe('driver errors', () => {
  /** Throws `error` from the `failAt`-th `run` inside a transaction, as a full disk would. */
  function failing(inner: SqliteDriver, error: Error, failAt: number): SqliteDriver & { armed: boolean } {
    const driver = {
      ...inner,
      armed: false,
      transaction: (fn: Parameters<SqliteDriver['transaction']>[0]) =>
        inner.transaction((tx) => {
          let runs = 0;
          return fn({
            all: tx.all,
            run: (sql, params) => {
              if (driver.armed && ++runs === failAt) throw error;
              return tx.run(sql, params);
            },
          });
        }),
    };
    return driver;
  }

  it('rejects with a StoreError wrapping SQLITE_FULL mid-transaction, and rolls the whole write back', async () => {
    const db = new Database(file());
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const driver = failing(betterSqlite3(db), full, 2);
    const store = createSqliteStore({ driver });
    await store.write([{ put: rec('keep') }, { put: rec('gone') }]);
    driver.armed = true;
    const ops = [{ delete: 'gone' }, ...Array.from({ length: 300 }, (_, i) => ({ put: rec(`n${i}`) }))];
    const error = await store.write(ops).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toBe(full);
    expect((error as Error).message).toContain('SQLITE_FULL');
    driver.armed = false;
    expect(await store.load()).toEqual([rec('keep'), rec('gone')]);
    await store.write(ops);
    expect(await store.load()).toHaveLength(301);
  });

  it('rejects with a StoreError wrapping SQLITE_BUSY when another connection holds the write lock', async () => {
    const path = file();
    const db = new Database(path, { timeout: 0 });
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    await store.write([{ put: rec('a') }]);
    const other = new Database(path, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    const error = await store.write([{ put: rec('a', { attempts: 1 }) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    expect(await store.load()).toEqual([rec('a')]);
    await store.write([{ put: rec('a', { attempts: 1 }) }]);
    expect(await store.load()).toEqual([rec('a', { attempts: 1 })]);
    other.close();
  });

  it('rolls back on an async driver too (op-sqlite)', async () => {
    const db = new Database(':memory:');
    const boom = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    const driver = failing(opSqlite(fakeOpSqlite(db)), boom, 2);
    const store = createSqliteStore({ driver });
    await store.write([{ put: rec('a') }]);
    driver.armed = true;
    await expect(store.write([{ delete: 'a' }, { put: rec('b') }])).rejects.toMatchObject({
      code: 'STORE',
      cause: boom,
    });
    expect(await store.load()).toEqual([rec('a')]);
  });
});

describe('reading and writing in slices', () => {
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => makeJobRecord(`job-${String(i).padStart(5, '0')}`, { seq: i + 1 }));

  it('reads a full table in pages of 1,000 rows, each decoded on its own, and nothing twice', async () => {
    for (const driver of [
      betterSqlite3(new Database(':memory:')),
      opSqlite(fakeOpSqlite(new Database(':memory:'))),
    ]) {
      const store = createSqliteStore({ driver });
      await store.write(records(2_500).map((put) => ({ put })));
      const pages: number[] = [];
      const ids: string[] = [];
      for await (const page of store.loadPages!()) {
        pages.push(page.length);
        for (const entry of page) ids.push(entry.id);
      }
      expect(pages).toEqual([1_000, 1_000, 500]);
      expect(new Set(ids).size).toBe(2_500);
      expect(ids.sort()).toEqual((await store.load()).map((e) => e.id).sort());
    }
  });

  it('lets the host in while it serializes a large write, which still lands in one transaction', async () => {
    const db = new Database(':memory:');
    const store = createSqliteStore({ driver: betterSqlite3(db) });
    await store.load();
    let yields = 0;
    let failAt = -1;
    await store.write(
      records(2_000).map((put) => ({ put })),
      {
        yieldToHost: async () => {
          yields++;
        },
      },
    );
    expect(yields).toBeGreaterThanOrEqual(3);
    expect(await store.load()).toHaveLength(2_000);
    // All or nothing: a record that cannot be serialized, met after several yields, leaves the table as it was.
    const bad = records(2_000).map((put) => ({ put: { ...put, id: `x${put.id}` } }));
    (bad[1_800]!.put as unknown as { payload: unknown }).payload = { n: 10n };
    failAt = yields;
    await expect(
      store.write(bad, {
        yieldToHost: async () => {
          yields++;
        },
      }),
    ).rejects.toBeInstanceOf(StoreError);
    expect(yields).toBeGreaterThan(failAt);
    expect(await store.load()).toHaveLength(2_000);
  });
});
