// The native half of @op-engineering/op-sqlite 18, in memory, so the package's real JS layer
// (lib/module/functions.js: the transaction queue, BEGIN / COMMIT / ROLLBACK through
// executeSync, rows built by `execute`) runs on the VM. Registered as NativeModules.OPSQLite;
// its install() puts the JSI proxy on `global.__OPSQLiteProxy`, as the C++ side does.
//
// The SQL it understands is the SQL @nightshift/store-sqlite sends, parsed for real (table
// and column names, placeholders, ON CONFLICT targets): anything else throws, so a new
// statement in the store shows up here as a failure, not as a silent no-op. Databases live
// as long as the VM, by name, like files on a device: a second open() sees the first's data.

type Value = string | number | null | ArrayBuffer;
type Row = Record<string, Value>;
interface Table {
  columns: string[];
  key: string;
  notNull: Set<string>;
  rows: Map<Value, Row>;
}
interface Database {
  tables: Map<string, Table>;
  snapshot?: Map<string, Table>;
}
export interface QueryResult {
  rowsAffected: number;
  insertId?: number;
  rows: Row[];
}

const databases = new Map<string, Database>();

function sqliteError(message: string): Error {
  // op-sqlite's C++ throws these as plain errors prefixed with the library's name.
  return new Error(`[op-sqlite] SQL execution error: ${message}`);
}

const name = `"?([A-Za-z_][A-Za-z0-9_]*)"?`;
const list = (text: string) => text.split(',').map((part) => part.trim());
const unquote = (identifier: string) => identifier.replace(/^"|"$/g, '');

function toValue(param: unknown): Value {
  if (param === undefined || param === null) return null;
  if (typeof param === 'string' || typeof param === 'number') return param;
  if (typeof param === 'boolean') return param ? 1 : 0;
  if (param instanceof ArrayBuffer) return param.slice(0);
  if (ArrayBuffer.isView(param)) {
    const view = param as ArrayBufferView;
    return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
  }
  throw sqliteError(`unsupported parameter type ${typeof param}`);
}

function table(db: Database, tableName: string): Table {
  const found = db.tables.get(tableName);
  if (!found) throw sqliteError(`no such table: ${tableName}`);
  return found;
}

function copyTables(tables: Map<string, Table>): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const [key, t] of tables) out.set(key, { ...t, rows: new Map(t.rows) });
  return out;
}

function run(db: Database, sql: string, params: readonly unknown[] = []): QueryResult {
  const text = sql.trim().replace(/;$/, '').replace(/\s+/g, ' ');
  let m: RegExpMatchArray | null;
  const args = params.map(toValue);
  const none: QueryResult = { rowsAffected: 0, rows: [] };

  if ((m = text.match(/^PRAGMA (\w+) ?= ?(\w+)$/i))) {
    if (m[1]!.toLowerCase() === 'journal_mode') return { rowsAffected: 0, rows: [{ journal_mode: 'wal' }] };
    if (m[1]!.toLowerCase() === 'synchronous') return none;
  }
  if (/^BEGIN( TRANSACTION)?$/i.test(text)) {
    if (db.snapshot) throw sqliteError('cannot start a transaction within a transaction');
    db.snapshot = copyTables(db.tables);
    return none;
  }
  if (/^COMMIT$/i.test(text)) {
    if (!db.snapshot) throw sqliteError('cannot commit - no transaction is active');
    db.snapshot = undefined;
    return none;
  }
  if (/^ROLLBACK$/i.test(text)) {
    if (!db.snapshot) throw sqliteError('cannot rollback - no transaction is active');
    db.tables = db.snapshot;
    db.snapshot = undefined;
    return none;
  }
  if ((m = text.match(new RegExp(`^CREATE TABLE IF NOT EXISTS ${name} \\((.*)\\)$`, 'i')))) {
    const tableName = m[1]!;
    if (db.tables.has(tableName)) return none;
    const t: Table = { columns: [], key: '', notNull: new Set(), rows: new Map() };
    for (const definition of list(m[2]!)) {
      const [column] = definition.split(' ');
      const col = unquote(column!);
      t.columns.push(col);
      if (/PRIMARY KEY/i.test(definition)) t.key = col;
      if (/NOT NULL/i.test(definition)) t.notNull.add(col);
    }
    if (!t.key) throw sqliteError(`this fake needs a PRIMARY KEY column in ${tableName}`);
    db.tables.set(tableName, t);
    return none;
  }
  // The store's reads: all rows, one by key, or a page by key (`WHERE id > ? ORDER BY id LIMIT n`).
  if (
    (m = text.match(
      new RegExp(
        `^SELECT (.+?) FROM ${name}(?: WHERE ${name} (=|>) \\?)?(?: ORDER BY ${name})?(?: LIMIT (\\d+))?$`,
        'i',
      ),
    ))
  ) {
    const t = table(db, m[2]!);
    const columns = list(m[1]!).map(unquote);
    for (const c of [...columns, m[3], m[5]]) {
      if (c !== undefined && !t.columns.includes(c)) throw sqliteError(`no such column: ${c}`);
    }
    let rows = [...t.rows.values()];
    if (m[3]) {
      const where = m[3];
      rows = rows.filter((row) =>
        m![4] === '=' ? row[where] === args[0] : String(row[where]) > String(args[0]),
      );
    }
    if (m[5]) {
      const by = m[5];
      // SQLite's BINARY collation orders TEXT keys by their bytes: for these ASCII ids, as `<` does.
      rows.sort((a, b) => (String(a[by]) < String(b[by]) ? -1 : String(a[by]) > String(b[by]) ? 1 : 0));
    }
    if (m[6]) rows = rows.slice(0, Number(m[6]));
    return { rowsAffected: 0, rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]!]))) };
  }
  if (
    (m = text.match(
      new RegExp(
        `^INSERT INTO ${name} \\(([^)]*)\\) VALUES ((?:\\([?, ]+\\)(?:, )?)+)(?: ON CONFLICT\\(${name}\\) DO UPDATE SET (.+))?$`,
        'i',
      ),
    ))
  ) {
    const t = table(db, m[1]!);
    const columns = list(m[2]!).map(unquote);
    const tuples = m[3]!.match(/\([?, ]+\)/g)!;
    const width = columns.length;
    if (
      tuples.some((tuple) => (tuple.match(/\?/g) ?? []).length !== width) ||
      args.length !== width * tuples.length
    ) {
      throw sqliteError(`${args.length} values for ${tuples.length} rows of ${width} columns`);
    }
    const conflictOn = m[4];
    if (conflictOn !== undefined && conflictOn !== t.key)
      throw sqliteError(`ON CONFLICT(${conflictOn}) is not the primary key`);
    const updates = m[5]
      ? list(m[5]).map((assignment) => {
          const parts = assignment.match(new RegExp(`^${name} = excluded\\.${name}$`, 'i'));
          if (!parts || parts[1] !== parts[2]) throw sqliteError(`unsupported SET ${assignment}`);
          return parts[1]!;
        })
      : undefined;
    let affected = 0;
    for (let r = 0; r < tuples.length; r++) {
      const row: Row = {};
      for (const c of t.columns) row[c] = null;
      columns.forEach((c, i) => {
        if (!t.columns.includes(c)) throw sqliteError(`table ${m![1]} has no column named ${c}`);
        row[c] = args[r * width + i]!;
      });
      for (const c of t.notNull)
        if (row[c] === null) throw sqliteError(`NOT NULL constraint failed: ${m[1]}.${c}`);
      const key = row[t.key]!;
      const existing = t.rows.get(key);
      if (existing) {
        if (!updates) throw sqliteError(`UNIQUE constraint failed: ${m[1]}.${t.key}`);
        const next = { ...existing };
        for (const c of updates) next[c] = row[c]!;
        t.rows.set(key, next);
      } else {
        t.rows.set(key, row);
      }
      affected++;
    }
    return { rowsAffected: affected, insertId: t.rows.size, rows: [] };
  }
  if ((m = text.match(new RegExp(`^DELETE FROM ${name} WHERE ${name} IN \\(([?, ]+)\\)$`, 'i')))) {
    const t = table(db, m[1]!);
    if (m[2] !== t.key) throw sqliteError(`this fake deletes by primary key only, not ${m[2]}`);
    let affected = 0;
    for (const key of args) if (t.rows.delete(key)) affected++;
    return { rowsAffected: affected, rows: [] };
  }
  throw sqliteError(`statement not supported by the in-memory fake: ${text}`);
}

function openDatabase(params: { name: string; location?: string }) {
  const path = `${params.location ?? 'default'}/${params.name}`;
  let db = databases.get(path);
  if (!db) databases.set(path, (db = { tables: new Map() }));
  const the = db;
  let closed = false;
  const guard = () => {
    if (closed) throw sqliteError(`database ${params.name} is closed`);
  };
  const unsupported = (method: string) => () => {
    throw new Error(`[op-sqlite fake] ${method} is not part of the fake`);
  };
  return {
    // The C++ side runs `execute` on its own thread and resolves on the JS thread later.
    execute(query: string, values?: unknown[]): Promise<QueryResult> {
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          try {
            guard();
            resolve(run(the, query, values));
          } catch (error) {
            reject(error);
          }
        });
      });
    },
    executeSync(query: string, values?: unknown[]): QueryResult {
      guard();
      return run(the, query, values);
    },
    flushPendingReactiveQueries: () => Promise.resolve(),
    close() {
      closed = true;
    },
    delete() {
      closed = true;
      databases.delete(path);
    },
    attach: unsupported('attach'),
    detach: unsupported('detach'),
    executeBatch: unsupported('executeBatch'),
    executeRaw: unsupported('executeRaw'),
    executeWithHostObjects: unsupported('executeWithHostObjects'),
    loadFile: unsupported('loadFile'),
    updateHook: unsupported('updateHook'),
    commitHook: unsupported('commitHook'),
    rollbackHook: unsupported('rollbackHook'),
    prepareStatement: unsupported('prepareStatement'),
    loadExtension: unsupported('loadExtension'),
    reactiveExecute: unsupported('reactiveExecute'),
    getDbPath: () => path,
  };
}

const proxy = {
  open: openDatabase,
  isSQLCipher: () => false,
  isLibsql: () => false,
  isTurso: () => false,
  isIOSEmbedded: () => false,
};

/** NativeModules.OPSQLite: `install()` puts the JSI proxy on the global, as the C++ side does. */
export const OPSQLiteModule = {
  install() {
    (globalThis as unknown as { __OPSQLiteProxy?: unknown }).__OPSQLiteProxy = proxy;
    return true;
  },
  getConstants() {
    return {
      IOS_DOCUMENT_PATH: '/fake/Documents',
      IOS_LIBRARY_PATH: '/fake/Library',
      ANDROID_DATABASE_PATH: '/fake/databases',
      ANDROID_FILES_PATH: '/fake/files',
      ANDROID_EXTERNAL_FILES_PATH: '/fake/external',
    };
  },
};
