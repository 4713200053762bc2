// Whether a live listener may still read its chapter. A stream is opened after the reading check
// (liveChannel), but access can end while it is open: the story turns private, the chapter goes
// back to draft or is rescheduled, the listener is removed from the story, the story or chapter
// is deleted. The services that do those things announce it on the chapter's channel
// (`publishAccessChange`), and every stream of the chapter asks again.
//
// Cost: an announcement reaches every listener of the chapter at once (pub/sub delivers to all
// of them in one go), so the checks asked for in the same turn of the event loop are answered
// together — one query for the chapter, its story and the roles of the signed-in listeners
// asking — and 200 listeners cost one query, not 200. Answers are kept `ttlMs` per (chapter,
// listener); a comment or review event re-checks only when its listener's answer is older than
// that — a safety net for an announcement missed while the LISTEN connection was reconnecting —
// so ordinary events cost nothing (at most one batched query per chapter per `ttlMs`).
import { type Database, Prisma } from '@margins/db';
import { mayReadChapter, type ChapterState, type MemberRole } from '../access';

export const ACCESS_TTL_MS = 30_000;

interface AccessRow extends ChapterState {
  storyVisibility: 'public' | 'private';
  storyPublishedAt: Date | null;
  storyHiddenAt: Date | null;
  members: { userId: string; role: MemberRole }[] | null;
}

interface Pending {
  resolve: (allowed: boolean) => void;
  reject: (error: unknown) => void;
}

export interface LiveAccessOptions {
  db: Database;
  /** The services' clock (scheduled chapters are live from their time on). */
  now?: () => Date;
  ttlMs?: number;
  /** Most answers kept; the oldest go first. */
  maxEntries?: number;
}

export class LiveAccess {
  /** Batched queries run so far (tests and benchmarks count them). */
  queries = 0;
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #answers = new Map<string, { at: number; allowed: boolean }>();
  /** chapterId → listener (userId, '' for anonymous) → callers waiting for this turn's answer. */
  readonly #waiting = new Map<string, Map<string, Pending[]>>();
  #scheduled = false;

  constructor(options: LiveAccessOptions) {
    this.#db = options.db;
    this.#now = options.now ?? (() => new Date());
    this.#ttlMs = options.ttlMs ?? ACCESS_TTL_MS;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /**
   * May `userId` (null = anonymous) still read `chapterId`? `fresh` (after an access change)
   * ignores a kept answer; otherwise one younger than the TTL is used as is.
   */
  allowed(chapterId: string, userId: string | null, fresh: boolean): Promise<boolean> {
    const listener = userId ?? '';
    if (!fresh) {
      const kept = this.#answers.get(key(chapterId, listener));
      if (kept && this.#now().getTime() - kept.at < this.#ttlMs) return Promise.resolve(kept.allowed);
    }
    return new Promise((resolve, reject) => {
      let byListener = this.#waiting.get(chapterId);
      if (!byListener) this.#waiting.set(chapterId, (byListener = new Map<string, Pending[]>()));
      const list = byListener.get(listener);
      if (list) list.push({ resolve, reject });
      else byListener.set(listener, [{ resolve, reject }]);
      // After the current turn: every listener that heard the same event has asked by then.
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#run());
      }
    });
  }

  async #run(): Promise<void> {
    this.#scheduled = false;
    const batches = [...this.#waiting];
    this.#waiting.clear();
    await Promise.all(batches.map(([chapterId, byListener]) => this.#check(chapterId, byListener)));
  }

  async #check(chapterId: string, byListener: Map<string, Pending[]>): Promise<void> {
    const userIds = [...byListener.keys()].filter((u) => u !== '');
    let row: AccessRow | undefined;
    try {
      this.queries += 1;
      [row] = await this.#db.prisma.$queryRaw<AccessRow[]>`
        SELECT c.status::text AS status, c."publishAt", c."publishedRevisionId",
               s.visibility::text AS "storyVisibility", s."publishedAt" AS "storyPublishedAt", s."hiddenAt" AS "storyHiddenAt",
               ${
                 userIds.length === 0
                   ? Prisma.sql`NULL`
                   : Prisma.sql`(SELECT json_agg(json_build_object('userId', m."userId", 'role', m.role))
                  FROM "StoryMember" m WHERE m."storyId" = c."storyId" AND m."userId" IN (${Prisma.join(userIds)}))`
               } AS members
          FROM "Chapter" c JOIN "Story" s ON s.id = c."storyId"
         WHERE c.id = ${chapterId}`;
    } catch (error) {
      for (const waiting of byListener.values()) for (const p of waiting) p.reject(error);
      return;
    }
    const now = this.#now();
    const roles = new Map((row?.members ?? []).map((m) => [m.userId, m.role]));
    for (const [listener, waiting] of byListener) {
      const allowed =
        row !== undefined &&
        mayReadChapter(
          roles.get(listener) ?? null,
          { visibility: row.storyVisibility, publishedAt: row.storyPublishedAt, hiddenAt: row.storyHiddenAt },
          row,
          now,
        );
      this.#remember(key(chapterId, listener), { at: now.getTime(), allowed });
      for (const p of waiting) p.resolve(allowed);
    }
  }

  #remember(k: string, answer: { at: number; allowed: boolean }): void {
    this.#answers.delete(k);
    this.#answers.set(k, answer);
    // Maps iterate in insertion order: the first keys are the oldest answers.
    for (const old of this.#answers.keys()) {
      if (this.#answers.size <= this.#maxEntries) break;
      this.#answers.delete(old);
    }
  }
}

const key = (chapterId: string, listener: string) => `${chapterId}\u0000${listener}`;

const perDatabase = new WeakMap<Database, LiveAccess>();

/** This process's access checker for `db` (one per database handle, shared by every stream). */
export function liveAccess(db: Database): LiveAccess {
  let access = perDatabase.get(db);
  if (!access) perDatabase.set(db, (access = new LiveAccess({ db })));
  return access;
}
