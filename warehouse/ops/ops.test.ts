import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from '../db.js';
import { migrateWarehouse } from '../migrate.js';
import { createOpsDb, type OpsDb } from './database.js';
import { appendAudit, listAudit } from './audit.queries.js';
import { findUserByEmail, findUserById, insertUser } from './users.queries.js';

let warehouse: Warehouse;
let db: OpsDb;

beforeEach(async () => {
  warehouse = await openDuckDb(':memory:');
  await migrateWarehouse(warehouse);
  db = createOpsDb(warehouse);
});

afterEach(async () => {
  await db.destroy();
  warehouse.close();
});

describe('operational tables', () => {
  it('are created by the migration in schema ops', async () => {
    const tables = (await db.introspection.getTables()).filter((t) => t.schema === 'ops').map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'api_tokens',
        'audit_log',
        'comments',
        'disputes',
        'dunning_log',
        'notifications',
        'portfolio_customers',
        'portfolios',
        'promises',
        'user_scopes',
        'users',
      ]),
    );
  });

  it('insert and find users; emails are unique whatever their case', async () => {
    const ada = await insertUser(db, {
      email: ' Ada@Example.com ',
      name: 'Ada',
      role: 'admin',
      password_hash: 'x',
    });
    expect(ada).toMatchObject({
      id: 1,
      email: 'ada@example.com',
      name: 'Ada',
      role: 'admin',
      disabled: false,
    });
    expect(ada.created_at).toBeInstanceOf(Date);
    expect(await findUserByEmail(db, 'ADA@example.COM')).toEqual(ada);
    expect(await findUserById(db, ada.id)).toEqual(ada);
    expect(await findUserById(db, 999)).toBeUndefined();
    await expect(
      insertUser(db, { email: 'ada@EXAMPLE.com', name: 'Other', role: 'user', password_hash: null }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'a user with email "ada@example.com" already exists',
    });
    await expect(
      insertUser(db, { email: 'not-an-email', name: 'X', role: 'user', password_hash: null }),
    ).rejects.toMatchObject({ code: 'bad_input' });
    // the database itself refuses an unknown role
    await expect(
      db
        .insertInto('ops.users')
        .values({ email: 'r@x.io', name: 'R', role: 'root' as 'user', password_hash: null })
        .execute(),
    ).rejects.toThrow(/CHECK constraint/i);
  });

  it('append audit entries and list them newest first, filtered and paged', async () => {
    const first = await appendAudit(db, {
      actor: 'user:1',
      action: 'create',
      entity: 'promise',
      entity_id: '7',
      after: { amount: '100.00', document_ids: ['F1'] },
    });
    await appendAudit(db, {
      actor: 'user:1',
      action: 'update',
      entity: 'promise',
      entity_id: '7',
      before: { status: 'open' },
      after: { status: 'kept' },
    });
    await appendAudit(db, { actor: 'system', action: 'login', entity: 'user', entity_id: '1' });
    expect(first).toMatchObject({ id: 1, before: null, after: { amount: '100.00', document_ids: ['F1'] } });
    expect(first.at).toBeInstanceOf(Date);

    const all = await listAudit(db);
    expect(all.map((e) => e.id)).toEqual([3, 2, 1]);
    const promise7 = await listAudit(db, { entity: 'promise', entityId: '7' });
    expect(promise7.map((e) => e.action)).toEqual(['update', 'create']);
    expect(promise7[0]).toMatchObject({ before: { status: 'open' }, after: { status: 'kept' } });
    expect((await listAudit(db, { actor: 'system' })).map((e) => e.id)).toEqual([3]);
    expect((await listAudit(db, { beforeId: 3, limit: 1 })).map((e) => e.id)).toEqual([2]);
    expect(await listAudit(db, { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('a change and its audit entry commit or roll back together', async () => {
    await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, { email: 'b@x.io', name: 'B', role: 'viewer', password_hash: null });
      await appendAudit(trx, {
        actor: 'system',
        action: 'create',
        entity: 'user',
        entity_id: String(user.id),
      });
    });
    await expect(
      db.transaction().execute(async (trx) => {
        const user = await insertUser(trx, {
          email: 'c@x.io',
          name: 'C',
          role: 'viewer',
          password_hash: null,
        });
        await appendAudit(trx, {
          actor: 'system',
          action: 'create',
          entity: 'user',
          entity_id: String(user.id),
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await findUserByEmail(db, 'c@x.io')).toBeUndefined();
    expect((await listAudit(db)).map((e) => e.entity_id)).toEqual(['1']);
  });

  it('round-trip promises (decimal, date, JSON list) and dunning log rows keyed by idempotency key', async () => {
    const promise = await db
      .insertInto('ops.promises')
      .values({
        company_id: 'C1',
        customer_id: 'K1',
        document_ids: ['F1', 'F2'],
        amount: '1250.10',
        promised_date: '2025-06-30',
        created_by: 'portal:K1',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(promise).toMatchObject({
      document_ids: ['F1', 'F2'],
      amount: '1250.10',
      promised_date: '2025-06-30',
      status: 'open',
    });

    const intent = {
      idempotency_key: 'C1/K1/r1/2025-06-01',
      company_id: 'C1',
      customer_id: 'K1',
      step: 'r1',
      channel: 'email' as const,
      status: 'intent' as const,
      sent_at: null,
      detail: { to: 'k1@x.io' },
    };
    await db.insertInto('ops.dunning_log').values(intent).execute();
    const again = await db
      .insertInto('ops.dunning_log')
      .values(intent)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    expect(again.numInsertedOrUpdatedRows).toBe(0n);
    await db
      .updateTable('ops.dunning_log')
      .set({ status: 'sent', sent_at: new Date() })
      .where('idempotency_key', '=', intent.idempotency_key)
      .execute();
    const rows = await db.selectFrom('ops.dunning_log').select(['status', 'detail']).execute();
    expect(rows).toEqual([{ status: 'sent', detail: { to: 'k1@x.io' } }]);
  });
});
