import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { EdgeRequest } from '../edge/types.ts';
import { parseErrorBody } from './dynamodb-errors.ts';

/** One HTTP answer as dynalite gave it. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * dynalite, running in this process; its request handler is called directly. Requests from SDK
 * clients are forwarded byte for byte ({@link DynaliteBackend.forward}); the emulator's own
 * transaction and TTL logic talks to it through {@link DynaliteBackend.call}, the same
 * public API any client uses, so dynalite's expression parser and condition evaluator are
 * the single source of DynamoDB semantics.
 */
export interface DynaliteBackend {
  forward(request: EdgeRequest): Promise<RawResponse>;
  /** Calls one DynamoDB operation; resolves with the output, rejects with `DynamoDbError`. */
  call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

type DynaliteFactory = (options: DynaliteOptions) => http.Server;

const TARGET_PREFIX = 'DynamoDB_20120810';

/** Headers that describe one hop of the connection, not the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'expect']);

/**
 * Starts dynalite persisting under `path`. Table state changes are instant
 * (`createTableMs`/`deleteTableMs`/`updateTableMs` 0) because nothing in a local run
 * waits for `CREATING` to become `ACTIVE`.
 *
 * dynalite stamps table ARNs with the account and region it reads from the environment
 * when its store opens; they are set for that synchronous call only, so ARNs match the
 * local cloud's account and region without leaking into anything else.
 */
export async function startDynalite(options: {
  path: string;
  region: string;
  accountId: string;
}): Promise<DynaliteBackend> {
  await mkdir(options.path, { recursive: true });
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as DynaliteFactory;
  // dynalite builds its store inside the factory and keeps it to itself; it is taken on the way
  // (its module's `create`, looked up at call time) to cache the table definitions.
  const storeModule = require('dynalite/db') as { create: (options: DynaliteOptions) => DynaliteStore };
  const createStore = storeModule.create;
  let store: DynaliteStore | undefined;
  storeModule.create = (storeOptions) => {
    store = createStore(storeOptions);
    return store;
  };
  let server: http.Server;
  try {
    server = withEnvironment({ AWS_ACCOUNT_ID: options.accountId, AWS_REGION: options.region }, () =>
      dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }),
    );
  } finally {
    storeModule.create = createStore;
  }
  if (store === undefined) throw new Error('dynalite built no store');
  cacheTableDefinitions(store.tableDb);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // dynalite's request handler, called in this process: a request costs no loopback socket,
  // no HTTP parsing and no second event-loop turn. The server still listens, because dynalite's
  // close (which releases LevelDB's lock) starts by closing a listening server, but it takes no
  // connection: every DynamoDB request comes through the edge, which validates it first.
  server.on('connection', (socket) => socket.destroy());
  const [handle] = server.listeners('request') as Array<(request: unknown, response: unknown) => void>;
  if (handle === undefined) throw new Error('dynalite exposes no request handler');
  const signatureScope = `local/20000101/${options.region}/dynamodb/aws4_request`;

  const send = (headers: http.IncomingHttpHeaders, body: Buffer): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const request = Object.assign(new EventEmitter(), {
        method: 'POST',
        url: '/',
        headers: { ...headers, 'content-length': String(body.length) },
      });
      const answered: Record<string, string> = {};
      const response = {
        statusCode: 200,
        contentType: undefined as string | undefined,
        setHeader(name: string, value: unknown) {
          answered[name.toLowerCase()] = String(value);
        },
        end(data?: string | Buffer) {
          resolve({
            status: response.statusCode,
            headers: responseHeaders(answered),
            body: data === undefined ? Buffer.alloc(0) : Buffer.from(data),
          });
        },
      };
      try {
        handle(request, response);
        request.emit('data', body);
        request.emit('end');
      } catch (error) {
        reject(error);
      }
    });

  return {
    forward(request) {
      const headers: http.IncomingHttpHeaders = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name.toLowerCase()] = value;
      }
      return send(headers, request.body);
    },

    async call(operation, input) {
      // dynalite insists on the shape of a SigV4 header but never checks the signature.
      const response = await send(
        {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${TARGET_PREFIX}.${operation}`,
          'x-amz-date': '20000101T000000Z',
          authorization: `AWS4-HMAC-SHA256 Credential=${signatureScope}, SignedHeaders=host, Signature=local`,
        },
        Buffer.from(JSON.stringify(input)),
      );
      if (response.status !== 200) throw parseErrorBody(response.status, response.body);
      return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
    },

    async close() {
      // dynalite's close stops the listener, then closes LevelDB, releasing its lock file.
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

type Callback<T> = (error: Error | null | undefined, value?: T) => void;

/** The part of dynalite's store this module touches: its key-value store of table definitions. */
interface DynaliteStore {
  readonly tableDb: {
    get(name: string, callback: Callback<unknown>): void;
    put(name: string, table: unknown, callback: Callback<void>): void;
    del(name: string, callback: Callback<void>): void;
  };
}

/**
 * Keeps every table definition dynalite reads in memory. dynalite reads a table's definition
 * from LevelDB on every request (its `getTable`): about two reads in five were those, for
 * definitions that change only with CreateTable, UpdateTable and DeleteTable, which all write
 * through `put` and `del`. A definition is handed out as a copy, as a read from LevelDB is, so
 * no caller can change the cached one; a write that fails leaves the cache as LevelDB is.
 */
function cacheTableDefinitions(tableDb: DynaliteStore['tableDb']): void {
  const cached = new Map<string, unknown>();
  // Bumped by every write of a table: a read that began before a write does not fill the cache.
  const writes = new Map<string, number>();
  const written = (name: string) => writes.set(name, (writes.get(name) ?? 0) + 1);
  const { get, put, del } = tableDb;
  tableDb.get = (name, callback) => {
    if (cached.has(name)) {
      const table = structuredClone(cached.get(name));
      process.nextTick(() => callback(null, table));
      return;
    }
    const before = writes.get(name);
    get.call(tableDb, name, (error, table) => {
      if (!error && table !== undefined && writes.get(name) === before) cached.set(name, structuredClone(table));
      callback(error, table);
    });
  };
  tableDb.put = (name, table, callback) => {
    cached.delete(name);
    written(name);
    put.call(tableDb, name, table, (error) => {
      written(name);
      if (!error) cached.set(name, structuredClone(table));
      callback(error);
    });
  };
  tableDb.del = (name, callback) => {
    cached.delete(name);
    written(name);
    del.call(tableDb, name, (error) => {
      written(name);
      cached.delete(name);
      callback(error);
    });
  };
}

function responseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'date') continue;
    result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function withEnvironment<T>(variables: Record<string, string>, run: () => T): T {
  const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, variables);
  try {
    return run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
