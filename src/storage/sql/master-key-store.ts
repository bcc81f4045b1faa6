/**
 * The master key's fingerprint in the database, and re-sealing of every sealed column under a
 * new key (`userpool rotate-master-key`). The associated data of each sealed value comes from
 * the domain (`SealedContexts`), so this module only knows where sealed values live.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

const FINGERPRINT = 'master_key_fingerprint';

/** How each kind of sealed value is bound to its row (AES-GCM associated data). */
export interface SealedContexts {
  password(poolId: string, sub: string): string;
  totp(poolId: string, sub: string): string;
  clientSecret(clientId: string): string;
  signingKey(kid: string): string;
  deviceVerifier(deviceKey: string): string;
  identityProvider(poolId: string, name: string): string;
}

/** Opens a base64 blob under the old key and seals it under the new one (same associated data). */
export type Reseal = (sealed: string, aad: string) => string;

export async function readMasterKeyFingerprint(db: Kysely<Database> | Transaction<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('server_settings').select('value').where('name', '=', FINGERPRINT).executeTakeFirst();
  return row?.value;
}

/** Records `fingerprint` unless one is there already (another node may have won); returns the recorded one. */
export async function claimMasterKeyFingerprint(db: Kysely<Database>, fingerprint: string, now: number): Promise<string> {
  await db
    .insertInto('server_settings')
    .values({ name: FINGERPRINT, value: fingerprint, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await readMasterKeyFingerprint(db)) ?? fingerprint;
}

/** One sealed value of the database, to test a key against when no fingerprint was recorded yet. */
export async function sampleSealedValue(db: Kysely<Database>, contexts: SealedContexts): Promise<{ sealed: string; aad: string } | undefined> {
  const key = await db.selectFrom('signing_keys').select(['kid', 'private_sealed']).limit(1).executeTakeFirst();
  if (key) return { sealed: key.private_sealed, aad: contexts.signingKey(key.kid) };
  const user = await db.selectFrom('users').select(['pool_id', 'sub', 'password_sealed']).where('password_sealed', 'is not', null).limit(1).executeTakeFirst();
  if (user?.password_sealed) return { sealed: user.password_sealed, aad: contexts.password(user.pool_id, user.sub) };
  return undefined;
}

export interface ResealCounts {
  passwords: number;
  totpSecrets: number;
  clientSecrets: number;
  signingKeys: number;
  deviceVerifiers: number;
  identityProviders: number;
}

const BATCH = 1000;

/** Rows of a table in primary-key order, BATCH at a time (a big users table never sits in memory whole). */
async function eachBatch<T>(read: (offset: number) => Promise<T[]>, write: (rows: T[]) => Promise<void>): Promise<void> {
  for (let offset = 0; ; offset += BATCH) {
    const rows = await read(offset);
    await write(rows);
    if (rows.length < BATCH) return;
  }
}

/**
 * Re-seals every sealed value and records the new key's fingerprint, in one transaction: either
 * the whole database moves to the new key or nothing changes.
 */
export async function resealAll(db: Kysely<Database>, reseal: Reseal, contexts: SealedContexts, newFingerprint: string, now: number): Promise<ResealCounts> {
  return db.transaction().execute(async (tx: Transaction<Database>) => {
    const counts: ResealCounts = { passwords: 0, totpSecrets: 0, clientSecrets: 0, signingKeys: 0, deviceVerifiers: 0, identityProviders: 0 };

    let lastSeq = 0;
    for (;;) {
      const rows = await tx.selectFrom('users').select(['seq', 'pool_id', 'sub', 'password_sealed']).where('seq', '>', lastSeq).where('password_sealed', 'is not', null).orderBy('seq').limit(BATCH).execute();
      for (const r of rows) {
        await tx.updateTable('users').set({ password_sealed: reseal(r.password_sealed!, contexts.password(r.pool_id, r.sub)) }).where('seq', '=', r.seq).execute();
      }
      counts.passwords += rows.length;
      if (rows.length < BATCH) break;
      lastSeq = rows[rows.length - 1]!.seq;
    }

    await eachBatch(
      (offset) => tx.selectFrom('user_mfa').select(['pool_id', 'user_sub', 'totp_secret_sealed', 'totp_pending_sealed']).orderBy('pool_id').orderBy('user_sub').limit(BATCH).offset(offset).execute(),
      async (rows) => {
        for (const r of rows) {
          if (r.totp_secret_sealed === null && r.totp_pending_sealed === null) continue;
          const aad = contexts.totp(r.pool_id, r.user_sub);
          await tx
            .updateTable('user_mfa')
            .set({
              totp_secret_sealed: r.totp_secret_sealed === null ? null : reseal(r.totp_secret_sealed, aad),
              totp_pending_sealed: r.totp_pending_sealed === null ? null : reseal(r.totp_pending_sealed, aad),
            })
            .where('pool_id', '=', r.pool_id)
            .where('user_sub', '=', r.user_sub)
            .execute();
          counts.totpSecrets += (r.totp_secret_sealed === null ? 0 : 1) + (r.totp_pending_sealed === null ? 0 : 1);
        }
      },
    );

    await eachBatch(
      (offset) => tx.selectFrom('clients').select(['id', 'secret_sealed', 'secrets']).orderBy('id').limit(BATCH).offset(offset).execute(),
      async (rows) => {
        for (const r of rows) {
          if (r.secret_sealed === null && r.secrets === null) continue;
          const aad = contexts.clientSecret(r.id);
          const secrets = r.secrets === null ? null : (JSON.parse(r.secrets) as Array<{ sealed: string }>).map((s) => ({ ...s, sealed: reseal(s.sealed, aad) }));
          await tx
            .updateTable('clients')
            .set({ secret_sealed: r.secret_sealed === null ? null : reseal(r.secret_sealed, aad), secrets: secrets === null ? null : JSON.stringify(secrets) })
            .where('id', '=', r.id)
            .execute();
          counts.clientSecrets += (r.secret_sealed === null ? 0 : 1) + (secrets?.length ?? 0);
        }
      },
    );

    await eachBatch(
      (offset) => tx.selectFrom('signing_keys').select(['kid', 'private_sealed']).orderBy('kid').limit(BATCH).offset(offset).execute(),
      async (rows) => {
        for (const r of rows) {
          await tx.updateTable('signing_keys').set({ private_sealed: reseal(r.private_sealed, contexts.signingKey(r.kid)) }).where('kid', '=', r.kid).execute();
        }
        counts.signingKeys += rows.length;
      },
    );

    await eachBatch(
      (offset) => tx.selectFrom('devices').select(['device_key', 'verifier_sealed']).where('verifier_sealed', 'is not', null).orderBy('device_key').limit(BATCH).offset(offset).execute(),
      async (rows) => {
        for (const r of rows) {
          await tx.updateTable('devices').set({ verifier_sealed: reseal(r.verifier_sealed!, contexts.deviceVerifier(r.device_key)) }).where('device_key', '=', r.device_key).execute();
        }
        counts.deviceVerifiers += rows.length;
      },
    );

    await eachBatch(
      (offset) => tx.selectFrom('identity_providers').select(['pool_id', 'name', 'details_sealed']).orderBy('pool_id').orderBy('name').limit(BATCH).offset(offset).execute(),
      async (rows) => {
        for (const r of rows) {
          await tx
            .updateTable('identity_providers')
            .set({ details_sealed: reseal(r.details_sealed, contexts.identityProvider(r.pool_id, r.name)) })
            .where('pool_id', '=', r.pool_id)
            .where('name', '=', r.name)
            .execute();
        }
        counts.identityProviders += rows.length;
      },
    );

    await tx
      .insertInto('server_settings')
      .values({ name: FINGERPRINT, value: newFingerprint, updated_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: newFingerprint, updated_at: now }))
      .execute();
    return counts;
  });
}
