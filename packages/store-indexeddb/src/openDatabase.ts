import { StoreError } from '@nightshift/core';
import { requested } from './idbRequests';
import { storeErrorFrom } from './storeErrorFrom';

/** The object store that holds the jobs: one entry per job, keyed by id, its value the record's JSON text. */
export const JOBS_STORE = 'jobs';

/**
 * Changes that take a database from version `i` to `i + 1`, inside the upgrade transaction.
 * Append, never edit: a database at version n runs migrations n, n + 1, … when opened.
 */
type Migration = (db: IDBDatabase, tx: IDBTransaction) => void;

const MIGRATIONS: readonly Migration[] = [
  // 1: the jobs, keyed out of line by id. No index: the engine reads every job once at
  // start and then writes and deletes by id, so an index would only slow each write.
  (db) => {
    db.createObjectStore(JOBS_STORE);
  },
];

/**
 * The schema version this package writes. It is the database's IndexedDB version, so the
 * browser itself refuses to open a newer database at this version (`VersionError`).
 */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens the database at {@link SCHEMA_VERSION}, creating or migrating it forward. A
 * database written by a newer version of this package is refused with a `StoreError` that
 * names both versions, and left as it is. `onClosed` runs when the connection goes away
 * for a reason other than `close()`: another context upgrades the database (this
 * connection steps aside so that the upgrade is not blocked), or the browser closed it
 * (site data cleared).
 */
export async function openDatabase(name: string, onClosed: () => void): Promise<IDBDatabase> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    throw new StoreError(`IndexedDB store "${name}": this context has no indexedDB`);
  }
  let db: IDBDatabase;
  try {
    const request = factory.open(name, SCHEMA_VERSION);
    request.onupgradeneeded = (event) => {
      const tx = request.transaction!;
      for (let v = event.oldVersion; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(request.result, tx);
    };
    db = await requested(request);
  } catch (cause) {
    if ((cause as { name?: unknown } | null)?.name === 'VersionError') {
      throw await newerVersion(factory, name, cause);
    }
    throw storeErrorFrom(name, 'open the database', cause);
  }
  db.onversionchange = () => {
    db.close();
    onClosed();
  };
  db.onclose = onClosed;
  return db;
}

async function newerVersion(factory: IDBFactory, name: string, cause: unknown): Promise<StoreError> {
  let found = 'a newer version';
  try {
    // Without a version, open() takes the database as it is and upgrades nothing.
    const db = await requested(factory.open(name));
    found = `schema version ${db.version}`;
    db.close();
  } catch {
    // The VersionError itself is the cause; the version number is only a courtesy.
  }
  return new StoreError(
    `IndexedDB store "${name}": the database has ${found}, but this version of ` +
      `@nightshift/store-indexeddb knows up to version ${SCHEMA_VERSION}. Upgrade ` +
      `@nightshift/store-indexeddb (the database was written by a newer one); the data is left as it is.`,
    { cause },
  );
}
