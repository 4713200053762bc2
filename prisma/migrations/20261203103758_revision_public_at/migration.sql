-- AlterTable
ALTER TABLE "ChapterRevision" ADD COLUMN     "publicAt" TIMESTAMP(3);

-- Backfill: the revisions readers can read now (published revisions of published or scheduled
-- chapters of public stories). Which earlier revisions were once public is not recorded, so they
-- count as never public: readers see the words of comments written on them only where those
-- comments land on the text they read (docs/comments.md, "Draft words").
UPDATE "ChapterRevision" r
   SET "publicAt" = CASE WHEN c.status = 'scheduled' THEN c."publishAt" ELSE COALESCE(c."publishedAt", CURRENT_TIMESTAMP) END
  FROM "Chapter" c JOIN "Story" s ON s.id = c."storyId"
 WHERE c."publishedRevisionId" = r.id
   AND c.status IN ('published', 'scheduled')
   AND s.visibility = 'public' AND s."publishedAt" IS NOT NULL
   AND (c.status = 'published' OR c."publishAt" IS NOT NULL);
