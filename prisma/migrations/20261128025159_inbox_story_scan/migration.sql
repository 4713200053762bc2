-- AlterTable
ALTER TABLE "InlineComment" ADD COLUMN     "storyId" TEXT;

-- The feedback inbox read a story's comments chapter by chapter, and with a type or POV filter
-- the planner (which sees an average chapter, not a popular one) sorted every matching comment of
-- every chapter: over 100 ms on a story with 68,000 comments. A comment now carries its story, and
-- (storyId, createdAt, id) gives a story's comments newest first, so a page stops after 26 matches.
-- Chapters never move between stories, so the value is set once, when the comment is written.
UPDATE "InlineComment" x SET "storyId" = c."storyId" FROM "Chapter" c WHERE c.id = x."chapterId";

CREATE FUNCTION inbox_story_on_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."storyId" := (SELECT c."storyId" FROM "Chapter" c WHERE c.id = NEW."chapterId");
  RETURN NEW;
END
$$;
CREATE TRIGGER inbox_story_on_comment BEFORE INSERT OR UPDATE OF "chapterId" ON "InlineComment"
  FOR EACH ROW EXECUTE FUNCTION inbox_story_on_comment();

-- CreateIndex
CREATE INDEX "InlineComment_storyId_createdAt_id_idx" ON "InlineComment"("storyId", "createdAt", "id");
