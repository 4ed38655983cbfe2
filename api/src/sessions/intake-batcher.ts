import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { DB } from '../schema.ts';
import { type ApplyResult, afterInsert, applyEvent, applyWithin, isDataError } from './apply-event.ts';
import type { EventInput } from './event-input.ts';
import {
  type InsertedEvent,
  insertAndApplyManyStatement,
  insertAndApplyStatement,
} from './events.repository.ts';

/**
 * Defaults measured with `pnpm bench:intake` on 2 cores (15 s passes, c = concurrent webhook senders):
 * 4 lanes × 32 gave 798/s at c=16 and 907/s at c=64; 2 lanes × 64 gave 759/s and 1,062/s (1 lane 749/s,
 * 8 lanes 825/s at c=64). Fewer lanes make larger batches, so each event costs Postgres less CPU
 * (0.66 ms against 0.90 at c=64); below two, one transaction's round trips leave the cores idle.
 */
export const INTAKE_LANES = 2;
export const INTAKE_MAX_BATCH = 64;

export interface IntakeBatcherOptions {
  /**
   * Transactions running their statements at once. As many again may be waiting for their COMMIT's flush
   * where the pool has the connections (all but two of it), so the batcher holds up to twice this many.
   */
  lanes?: number;
  /** Events one transaction takes at most. */
  maxBatch?: number;
  /** One statement for the batch (default); false sends one per event, as before (the bench compares). */
  multiRow?: boolean;
}

interface Item {
  event: EventInput;
  now: Date;
  resolve: (r: ApplyResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the webhook intake. Each event is still `applyEvent`'s unit of work, with the same
 * answer, but events that arrive while a transaction is running wait for the next one and share it: one
 * BEGIN/COMMIT (and one WAL flush) for the lot, and one multi-row statement (`insertAndApplyManyStatement`)
 * stores and folds the first event of each session in the batch — one round trip for the batch instead of
 * one per event. A session's later events in the same batch (and repeated deliveries) go in further rounds
 * of the same statement, one round per event of a session, so each sees what the earlier one did. Statements
 * run prepared (parsed and planned once per connection and batch size). Nothing waits on a timer: an event that finds a lane free starts as soon as the
 * event loop has handled the requests that came in with it (`#schedule`), so a quiet intake answers as fast as
 * before, and a burst is what fills the batches. Every caller is answered
 * only after the commit that stored its event.
 *
 * Within a transaction events are ordered by session id (arrival order kept within a session), so two
 * transactions lock sessions in the same order and cannot deadlock on them. When a transaction fails because
 * of one event's data (Postgres refused a value) or a deadlock anyway, nothing of it was committed and each
 * of its events is applied again alone through `applyEvent`, which stores refused input as `failed`.
 * Infrastructure failures reject every event of the batch (the webhook answers 503 and Didit retries).
 */
export class IntakeBatcher {
  readonly #pool: pg.Pool;
  readonly #db: Kysely<DB>;
  readonly #lanes: number;
  /** Connections the batcher holds at most: lanes, and as many committing as the pool spares. */
  readonly #connections: number;
  readonly #maxBatch: number;
  readonly #multiRow: boolean;
  #pending: Item[] = [];
  /** Transactions on a lane: not yet past sending their COMMIT. */
  #running = 0;
  /** Transactions whose COMMIT is sent, waiting for its WAL flush (each still holds its connection). */
  #committing = 0;
  #scheduled = false;
  /**
   * Counts since start: events applied, transactions committed, batches redone one event at a time, and the
   * insert statements sent (one per batch, plus one per event that had to go alone).
   */
  readonly stats = { events: 0, transactions: 0, redone: 0, statements: 0 };

  constructor(database: { db: Kysely<DB>; pool: pg.Pool }, options: IntakeBatcherOptions = {}) {
    this.#pool = database.pool;
    this.#db = database.db;
    this.#lanes = Math.max(1, options.lanes ?? INTAKE_LANES);
    // Two of the pool's connections stay for the console and the job worker, as the app's lane count leaves.
    const spare = (this.#pool.options?.max ?? 10) - 2;
    this.#connections = Math.max(this.#lanes, Math.min(2 * this.#lanes, spare));
    this.#maxBatch = Math.max(1, options.maxBatch ?? INTAKE_MAX_BATCH);
    this.#multiRow = options.multiRow ?? true;
  }

  apply(event: EventInput, now: Date): Promise<ApplyResult> {
    return new Promise<ApplyResult>((resolve, reject) => {
      this.#pending.push({ event, now, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Batches start once the event loop has handled what had already arrived: every request whose bytes came
   * in with this one is parsed, verified and queued first, so they share a transaction instead of the first
   * taking a lane alone. It costs no timer: `setImmediate` runs right after the loop's I/O callbacks.
   */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump() {
    while (
      this.#running < this.#lanes &&
      this.#running + this.#committing < this.#connections &&
      this.#pending.length > 0
    ) {
      const batch = this.#takeBatch(this.#batchSize());
      this.#running++;
      let onLane = true;
      // Once the COMMIT is sent, the lane takes the next batch: the flush the commit waits for is the
      // disk's time, not the cores', and the next transaction's statements run meanwhile.
      const committing = () => {
        if (!onLane) return;
        onLane = false;
        this.#running--;
        this.#committing++;
        this.#schedule();
      };
      void this.#run(batch, committing).finally(() => {
        if (onLane) this.#running--;
        else this.#committing--;
        onLane = false;
        this.#schedule();
      });
    }
  }

  /**
   * How many waiting events the next batch takes: `maxBatch`, unless more than half a batch waits and more than
   * one lane is free; then the waiting events are shared evenly among the free lanes. Under a full load (64
   * senders) every sender could otherwise be waiting on one transaction of 64 while the other lane and a core
   * stayed idle, and the next arrivals went in small batches: both lanes at work shorten the longest waits.
   * Half a batch or less (a quiet intake, a small burst) still goes in one transaction: fewer, larger
   * transactions cost each event less.
   */
  #batchSize(): number {
    const free = Math.min(this.#lanes - this.#running, this.#connections - this.#running - this.#committing);
    const waiting = this.#pending.length;
    if (free < 2 || 2 * waiting <= this.#maxBatch) return this.#maxBatch;
    return Math.min(this.#maxBatch, Math.ceil(waiting / free));
  }

  /**
   * The next batch: the first `size` events waiting (`#batchSize`), and every later waiting event of the same sessions
   * or keys (so a batch may run over `size` by those). Batches taken side by side then never share a
   * session: two that did could each hold a row the other waits for (a retry's event key in one, its
   * session's new row in the other), a deadlock that sends both through the slow path one event at a time.
   */
  #takeBatch(size: number): Item[] {
    const batch = this.#pending.splice(0, size);
    if (this.#pending.length === 0) return batch;
    const sessions = new Set(batch.map((i) => i.event.sessionId).filter((s) => s !== null));
    const keys = new Set(batch.map((i) => i.event.eventKey));
    const rest: Item[] = [];
    for (const item of this.#pending) {
      const { sessionId, eventKey } = item.event;
      if (keys.has(eventKey) || (sessionId !== null && sessions.has(sessionId))) batch.push(item);
      else rest.push(item);
    }
    this.#pending = rest;
    return batch;
  }

  async #run(batch: Item[], committing: () => void): Promise<void> {
    const items = batch
      .map((item, i) => ({ item, i }))
      .sort((a, b) => compareSessions(a.item.event, b.item.event) || a.i - b.i)
      .map(({ item }) => item);
    let results: ApplyResult[];
    try {
      results = await this.#transaction(items, committing);
    } catch (err) {
      if (!isDataError(err) && !isConflict(err)) {
        for (const item of items) item.reject(err);
        return;
      }
      // Nothing was committed: apply them one by one, in the same order.
      this.stats.redone++;
      for (const item of items)
        await applyEvent(this.#db, item.event, item.now).then(item.resolve, item.reject);
      return;
    }
    this.stats.transactions++;
    this.stats.events += items.length;
    for (const [i, item] of items.entries()) item.resolve(results[i]!);
  }

  async #transaction(items: Item[], committing: () => void): Promise<ApplyResult[]> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const trx = boundTo(client);
      const insert = async (e: EventInput): Promise<InsertedEvent | undefined> => {
        const q = insertAndApplyStatement(e).compile(this.#db);
        this.stats.statements++;
        const { rows } = await client.query<InsertedEvent>({
          name: statementName(q.sql),
          text: q.sql,
          values: q.parameters as unknown[],
        });
        return rows[0];
      };
      if (!this.#multiRow) {
        const out: ApplyResult[] = [];
        for (const item of items) out.push(await applyWithin(trx, item.event, item.now, insert));
        await commit(client, committing);
        return out;
      }
      // In rounds: one statement stores and folds the first event of each session (and key) still waiting,
      // then each of those events' own follow-up (a late event's refold, a decision fetch) runs; the next
      // round takes each session's next event, so a session's events go in arrival order, each seeing what
      // the one before it did. A burst holding a session's In Progress and decision takes two statements,
      // not one per event.
      const results = new Map<Item, ApplyResult>();
      let rest: readonly Item[] = items;
      while (rest.length > 0) {
        const round = firstOfEach(rest);
        const only = round.size === 1 ? (round.values().next().value as Item) : undefined;
        if (only) {
          results.set(only, await applyWithin(trx, only.event, only.now, insert));
        } else {
          const q = insertAndApplyManyStatement([...round].map((i) => i.event)).compile(this.#db);
          this.stats.statements++;
          const { rows } = await client.query<InsertedEvent & { event_key: string }>({
            name: statementName(q.sql),
            text: q.sql,
            values: q.parameters as unknown[],
          });
          const inserted = new Map(rows.map((r) => [r.event_key, r]));
          for (const item of round)
            results.set(
              item,
              await afterInsert(trx, item.event, item.now, inserted.get(item.event.eventKey)),
            );
        }
        rest = rest.filter((item) => !round.has(item));
      }
      const out = items.map((item) => results.get(item)!);
      await commit(client, committing);
      return out;
    } catch (err) {
      await client.query('rollback').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** Sends COMMIT, tells `committing` it is on its way, and resolves once Postgres confirmed it (flushed). */
async function commit(client: pg.PoolClient, committing: () => void): Promise<void> {
  const done = client.query('commit');
  committing();
  await done;
}

const names = new Map<string, string>();

/**
 * The prepared statement's name, derived from its text: pg prepares a name once per connection and refuses
 * it for another text, and connections are shared by every batcher of the pool.
 */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `intake_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The items a round's statement takes: the first of each session and of each event key, in the batch's
 * order (sessions sorted, arrival order within one). A session's later events and a key's repeats go in
 * later rounds, and so see the session as the earlier event left it.
 */
function firstOfEach(items: readonly Item[]): Set<Item> {
  const keys = new Set<string>();
  const sessions = new Set<string>();
  const first = new Set<Item>();
  for (const item of items) {
    const { eventKey, sessionId } = item.event;
    if (!keys.has(eventKey) && (sessionId === null || !sessions.has(sessionId))) first.add(item);
    keys.add(eventKey);
    if (sessionId !== null) sessions.add(sessionId);
  }
  return first;
}

const compareSessions = (a: EventInput, b: EventInput): number => {
  const x = a.sessionId ?? '';
  const y = b.sessionId ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Deadlock or serialization failure: nothing committed, and the events alone will go through. */
const isConflict = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
};

const bound = new WeakMap<pg.PoolClient, Kysely<DB>>();

/**
 * A Kysely that runs every query on one checked-out client (the batch's transaction), never releasing it.
 * One per pooled connection, kept while the connection lives: building a Kysely per batch was a measurable
 * share of a small batch's CPU.
 */
function boundTo(client: pg.PoolClient): Kysely<DB> {
  let db = bound.get(client);
  if (!db) {
    db = newBoundKysely(client);
    bound.set(client, db);
  }
  return db;
}

function newBoundKysely(client: pg.PoolClient): Kysely<DB> {
  const connection = {
    query: client.query.bind(client),
    release: () => {},
  } as unknown as pg.PoolClient;
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: { connect: async () => connection, end: async () => {} } as unknown as pg.Pool,
    }),
  });
}
