-- AlterTable
ALTER TABLE "InlineComment" ADD COLUMN     "povCharacterId" TEXT;

-- CreateIndex
CREATE INDEX "InlineComment_chapterId_povCharacterId_createdAt_idx" ON "InlineComment"("chapterId", "povCharacterId", "createdAt");

-- The feedback inbox's POV filter used to look up every comment's passage and segment at read
-- time (a story with 68,000 comments: 0.3 s a page). The comment now carries the POV of the
-- passage it was written on, set when it is written and kept when that passage's segment
-- changes character (a character deleted or reassigned).
CREATE FUNCTION inline_comment_pov(p_revision_id TEXT, p_passage_key TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT sg."characterId" FROM "Passage" p JOIN "Segment" sg ON sg.id = p."segmentId"
  WHERE p."revisionId" = p_revision_id AND p.key = p_passage_key LIMIT 1
$$;

CREATE FUNCTION inbox_pov_on_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."povCharacterId" := inline_comment_pov(NEW."revisionId", NEW."passageKey");
  RETURN NEW;
END
$$;
CREATE TRIGGER inbox_pov_on_comment BEFORE INSERT OR UPDATE OF "revisionId", "passageKey" ON "InlineComment"
  FOR EACH ROW EXECUTE FUNCTION inbox_pov_on_comment();

CREATE FUNCTION inbox_pov_on_segment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "InlineComment" x SET "povCharacterId" = NEW."characterId"
  FROM "Passage" p
  WHERE p."segmentId" = NEW.id
    AND x."chapterId" = (SELECT r."chapterId" FROM "ChapterRevision" r WHERE r.id = NEW."revisionId")
    AND x."revisionId" = p."revisionId" AND x."passageKey" = p.key
    AND x."povCharacterId" IS DISTINCT FROM NEW."characterId";
  RETURN NULL;
END
$$;
CREATE TRIGGER inbox_pov_on_segment AFTER UPDATE OF "characterId" ON "Segment"
  FOR EACH ROW WHEN (OLD."characterId" IS DISTINCT FROM NEW."characterId") EXECUTE FUNCTION inbox_pov_on_segment();

UPDATE "InlineComment" x SET "povCharacterId" = sg."characterId"
FROM "Passage" p JOIN "Segment" sg ON sg.id = p."segmentId"
WHERE p."revisionId" = x."revisionId" AND p.key = x."passageKey" AND sg."characterId" IS NOT NULL;
