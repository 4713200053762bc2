// Story search reads a stored document (title, tags, summary) kept by triggers: it must follow
// every write that changes one of them, in the same transaction, and the query must be one the
// GIN index can answer. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
});
afterAll(async () => {
  await db?.close();
});

describe('story search', () => {
  it('follows title, summary, tag and tag-name changes', async () => {
    const w = uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase();
    const owner = h.caller(fx.users.owner);
    const anyone = h.caller(null);
    const found = async (query: string) => (await anyone.story.search({ query })).map((s) => s.slug);

    await owner.story.update({
      storyId: fx.storyId,
      title: `Harbour${w} lights`,
      summary: `Fog${w} over the rock.`,
    });
    expect(await found(`harbour${w}`)).toEqual([fx.slug]);
    expect(await found(`fog${w}`)).toEqual([fx.slug]);
    // Title and a tag in one query: the document holds both.
    await owner.story.setTags({ storyId: fx.storyId, freeform: [`gulls${w}`] });
    expect(await found(`harbour${w} gulls${w}`)).toEqual([fx.slug]);

    await owner.story.setTags({ storyId: fx.storyId, freeform: [`terns${w}`] });
    expect(await found(`gulls${w}`)).toEqual([]);
    expect(await found(`terns${w}`)).toEqual([fx.slug]);

    // Renaming a tag (no procedure does it today; the trigger keeps the documents right anyway).
    await db.prisma.tag.updateMany({ where: { name: `terns${w}` }, data: { name: `petrels${w}` } });
    expect(await found(`terns${w}`)).toEqual([]);
    expect(await found(`petrels${w}`)).toEqual([fx.slug]);

    await owner.story.update({ storyId: fx.storyId, title: `Plain title ${w}` });
    expect(await found(`harbour${w}`)).toEqual([]);
    // Unpublished stories are not found, whatever their document says.
    await owner.story.unpublish({ storyId: fx.storyId });
    expect(await found(`petrels${w}`)).toEqual([]);
    await owner.story.publish({ storyId: fx.storyId });
    expect(await found(`petrels${w}`)).toEqual([fx.slug]);
  });

  it('the document is what a rebuild from the tables gives, for every story', async () => {
    const stale = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Story"
      WHERE "searchDocument" IS DISTINCT FROM story_search_document(title, summary, id)`;
    expect(stale[0]!.n).toBe(0);
  });

  it('the GIN index can answer the search predicate', async () => {
    // Which index the planner picks depends on the table's size (on a small table, the one on
    // visibility); with sequential scans priced out, the match predicate alone must be served by
    // the GIN index — it would show a Seq Scan if the index or the predicate's form were wrong.
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>`
        EXPLAIN SELECT s.id FROM "Story" s, websearch_to_tsquery('english', 'ledger') AS q(query)
        WHERE s."searchDocument" @@ q.query`;
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Story_searchDocument_idx');
  });
});
