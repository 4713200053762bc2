// One-click unsubscribe links (RFC 8058): the URL carries what to stop and an HMAC of it, so a
// POST without a session can act on it and nobody can forge one for someone else. The key is
// made once per installation and kept in the database (SiteKey), so every app instance signs
// alike and no configuration is needed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../access';

const KEY_NAME = 'unsubscribe';

/** `s`: end one subscription; `d`: stop all new-chapter mail (the daily digest's link). */
export type UnsubscribeTarget = { kind: 's'; subscriptionId: string } | { kind: 'd'; userId: string };

async function signingKey(db: Db): Promise<Buffer> {
  // Two instances making the key at once: one insert wins (skipDuplicates), both read the winner.
  await db.siteKey.createMany({
    data: [{ name: KEY_NAME, secret: new Uint8Array(randomBytes(32)) }],
    skipDuplicates: true,
  });
  const row = await db.siteKey.findUniqueOrThrow({ where: { name: KEY_NAME }, select: { secret: true } });
  return Buffer.from(row.secret);
}

const body = (t: UnsubscribeTarget) => (t.kind === 's' ? `s.${t.subscriptionId}` : `d.${t.userId}`);
const mac = (key: Buffer, text: string) =>
  createHmac('sha256', key).update(text).digest('base64url').slice(0, 32);

export async function unsubscribeToken(db: Db, target: UnsubscribeTarget): Promise<string> {
  const text = body(target);
  return `${text}.${mac(await signingKey(db), text)}`;
}

/** The target of a well-signed token, or null (malformed, forged, or signed by another key). */
export async function verifyUnsubscribeToken(db: Db, token: string): Promise<UnsubscribeTarget | null> {
  const m = /^([sd])\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const [, kind, id, sig] = m as unknown as [string, 's' | 'd', string, string];
  const expected = Buffer.from(mac(await signingKey(db), `${kind}.${id}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return kind === 's' ? { kind, subscriptionId: id } : { kind, userId: id };
}
