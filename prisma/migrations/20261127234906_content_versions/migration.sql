-- CreateTable
CREATE TABLE "ContentVersion" (
    "key" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ContentVersion_pkey" PRIMARY KEY ("key")
);

-- =============================================================================================
-- Content versions (hand-written; Prisma's diff does not see functions or triggers).
-- Every write that changes what a reader's page of a story shows bumps that story's counter in
-- the same transaction, whoever writes; a change to a username or display name (shown on every
-- story) bumps the 'users' counter. Anonymous chapter pages are cached per app instance and
-- served only while both counters are unchanged, so a cache never outlives a commit.
-- Not counted: reads and dashboard rollups (no reader page shows them), revisions, segments and
-- passages (a revision reaches readers only through its chapter's row), beta-round rows (never
-- public), comment placements (written with the chapter or comment change that needs them).

CREATE FUNCTION content_version_bump(p_key TEXT) RETURNS VOID
LANGUAGE sql AS $$
  INSERT INTO "ContentVersion" ("key", "version") VALUES (p_key, 1)
  ON CONFLICT ("key") DO UPDATE SET "version" = "ContentVersion"."version" + 1;
$$;

-- Story rows: the story itself (a deleted story's counter stays; nothing reads it).
CREATE FUNCTION content_version_story() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM content_version_bump(CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END);
  RETURN NULL;
END;
$$;

-- Rows that carry their story's id: chapters, POV characters, members (authors), tags.
CREATE FUNCTION content_version_by_story() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM content_version_bump(OLD."storyId");
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."storyId" IS DISTINCT FROM OLD."storyId") THEN
    PERFORM content_version_bump(NEW."storyId");
  END IF;
  RETURN NULL;
END;
$$;

-- Rows that carry a chapter's id: inline comments and reviews.
CREATE FUNCTION content_version_by_chapter() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
BEGIN
  SELECT "storyId" INTO v_story FROM "Chapter" WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."chapterId" ELSE NEW."chapterId" END;
  -- A chapter deleted with its comments has already bumped its story.
  IF v_story IS NOT NULL THEN
    PERFORM content_version_bump(v_story);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION content_version_users() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM content_version_bump('users');
  RETURN NULL;
END;
$$;

CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "Story"
  FOR EACH ROW EXECUTE FUNCTION content_version_story();
CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "Chapter"
  FOR EACH ROW EXECUTE FUNCTION content_version_by_story();
CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "PovCharacter"
  FOR EACH ROW EXECUTE FUNCTION content_version_by_story();
CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "StoryMember"
  FOR EACH ROW EXECUTE FUNCTION content_version_by_story();
CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "StoryTag"
  FOR EACH ROW EXECUTE FUNCTION content_version_by_story();
CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "InlineComment"
  FOR EACH ROW EXECUTE FUNCTION content_version_by_chapter();
CREATE TRIGGER content_version AFTER INSERT OR UPDATE OR DELETE ON "Review"
  FOR EACH ROW EXECUTE FUNCTION content_version_by_chapter();
CREATE TRIGGER content_version AFTER UPDATE OF "username", "displayName" ON "User"
  FOR EACH ROW WHEN (OLD."username" IS DISTINCT FROM NEW."username" OR OLD."displayName" IS DISTINCT FROM NEW."displayName")
  EXECUTE FUNCTION content_version_users();
