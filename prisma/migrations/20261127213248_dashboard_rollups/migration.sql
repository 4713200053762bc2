-- CreateEnum
CREATE TYPE "FeedbackKind" AS ENUM ('comment', 'review');

-- CreateTable
CREATE TABLE "StoryStat" (
    "storyId" TEXT NOT NULL,
    "readers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StoryStat_pkey" PRIMARY KEY ("storyId")
);

-- CreateTable
CREATE TABLE "StoryReader" (
    "storyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reads" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StoryReader_pkey" PRIMARY KEY ("storyId","userId")
);

-- CreateTable
CREATE TABLE "ChapterReader" (
    "chapterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "reads" INTEGER NOT NULL DEFAULT 0,
    "firstReadAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChapterReader_pkey" PRIMARY KEY ("chapterId","userId")
);

-- CreateTable
CREATE TABLE "ChapterStat" (
    "chapterId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "reads" INTEGER NOT NULL DEFAULT 0,
    "readers" INTEGER NOT NULL DEFAULT 0,
    "retained" INTEGER NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "yays" INTEGER NOT NULL DEFAULT 0,
    "nays" INTEGER NOT NULL DEFAULT 0,
    "pacingSum" INTEGER NOT NULL DEFAULT 0,
    "pacingCount" INTEGER NOT NULL DEFAULT 0,
    "charactersSum" INTEGER NOT NULL DEFAULT 0,
    "charactersCount" INTEGER NOT NULL DEFAULT 0,
    "povClaritySum" INTEGER NOT NULL DEFAULT 0,
    "povClarityCount" INTEGER NOT NULL DEFAULT 0,
    "proseSum" INTEGER NOT NULL DEFAULT 0,
    "proseCount" INTEGER NOT NULL DEFAULT 0,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "reactions" INTEGER NOT NULL DEFAULT 0,
    "critiques" INTEGER NOT NULL DEFAULT 0,
    "typos" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChapterStat_pkey" PRIMARY KEY ("chapterId")
);

-- CreateTable
CREATE TABLE "PassageStat" (
    "chapterId" TEXT NOT NULL,
    "passageKey" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "reactions" INTEGER NOT NULL DEFAULT 0,
    "critiques" INTEGER NOT NULL DEFAULT 0,
    "typos" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PassageStat_pkey" PRIMARY KEY ("chapterId","passageKey")
);

-- CreateTable
CREATE TABLE "DailyStat" (
    "chapterId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "storyId" TEXT NOT NULL,
    "reads" INTEGER NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "comments" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyStat_pkey" PRIMARY KEY ("chapterId","day")
);

-- CreateTable
CREATE TABLE "FeedbackSeen" (
    "userId" TEXT NOT NULL,
    "kind" "FeedbackKind" NOT NULL,
    "targetId" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackSeen_pkey" PRIMARY KEY ("userId","kind","targetId")
);

-- CreateIndex
CREATE INDEX "StoryReader_userId_idx" ON "StoryReader"("userId");

-- CreateIndex
CREATE INDEX "ChapterReader_userId_idx" ON "ChapterReader"("userId");

-- CreateIndex
CREATE INDEX "ChapterStat_storyId_idx" ON "ChapterStat"("storyId");

-- CreateIndex
CREATE INDEX "PassageStat_storyId_comments_idx" ON "PassageStat"("storyId", "comments");

-- CreateIndex
CREATE INDEX "DailyStat_storyId_day_idx" ON "DailyStat"("storyId", "day");

-- AddForeignKey
ALTER TABLE "StoryStat" ADD CONSTRAINT "StoryStat_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryReader" ADD CONSTRAINT "StoryReader_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryReader" ADD CONSTRAINT "StoryReader_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterReader" ADD CONSTRAINT "ChapterReader_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterReader" ADD CONSTRAINT "ChapterReader_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterStat" ADD CONSTRAINT "ChapterStat_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PassageStat" ADD CONSTRAINT "PassageStat_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyStat" ADD CONSTRAINT "DailyStat_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackSeen" ADD CONSTRAINT "FeedbackSeen_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- =============================================================================================
-- Dashboard rollups, kept by triggers (hand-written, and Prisma's diff does not see functions or
-- triggers, so later migrations leave them alone). Row triggers run inside the writing
-- statement's transaction: a comment, review or read and its rollup commit or roll back
-- together, whichever code wrote the row. Counting rules (docs/dashboard.md):
--   * a read counts unless its reader is a member of the story (any role),
--   * a review or comment counts while status = 'visible', unless written by the story's owner
--     or a co-author (authors' replies are not feedback),
--   * membership changes rebuild the story's rollups, so "never counting members" stays true
--     for readers who later join the story.
-- =============================================================================================
CREATE FUNCTION dashboard_is_member(p_story TEXT, p_user TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "StoryMember" WHERE "storyId" = p_story AND "userId" = p_user)
$$;

CREATE FUNCTION dashboard_is_editor(p_story TEXT, p_user TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "StoryMember"
    WHERE "storyId" = p_story AND "userId" = p_user AND "role" IN ('owner', 'coauthor')
  )
$$;

-- Retention: "retained" on chapter C = readers of C who also read the next chapter in the
-- story's reading order (chapters with a published revision and not back in draft, by position).
CREATE FUNCTION dashboard_in_order(p_status "ChapterStatus", p_published TEXT) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$ SELECT p_published IS NOT NULL AND p_status <> 'draft' $$;

CREATE FUNCTION dashboard_rebuild_retention(p_story TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ChapterStat" SET "retained" = 0 WHERE "storyId" = p_story AND "retained" <> 0;
  UPDATE "ChapterStat" cs SET "retained" = x.n
  FROM (
    SELECT o.id, (
      SELECT count(*) FROM "ChapterReader" a
      JOIN "ChapterReader" b ON b."chapterId" = o.nxt AND b."userId" = a."userId"
      WHERE a."chapterId" = o.id
    ) AS n
    FROM (
      SELECT id, lead(id) OVER (ORDER BY "position", id) AS nxt
      FROM "Chapter"
      WHERE "storyId" = p_story AND dashboard_in_order("status", "publishedRevisionId")
    ) o
    WHERE o.nxt IS NOT NULL
  ) x
  WHERE cs."chapterId" = x.id AND x.n <> 0;
END
$$;

-- A reader newly has (p_sign = 1) or no longer has (-1) a counted read of p_chapter.
CREATE FUNCTION dashboard_adjust_retention(p_story TEXT, p_chapter TEXT, p_user TEXT, p_sign INT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_pos INT;
  v_prev TEXT;
  v_next TEXT;
BEGIN
  SELECT "position" INTO v_pos FROM "Chapter"
  WHERE id = p_chapter AND dashboard_in_order("status", "publishedRevisionId");
  IF NOT FOUND THEN RETURN; END IF;
  SELECT id INTO v_prev FROM "Chapter"
  WHERE "storyId" = p_story AND dashboard_in_order("status", "publishedRevisionId") AND ("position", id) < (v_pos, p_chapter)
  ORDER BY "position" DESC, id DESC LIMIT 1;
  SELECT id INTO v_next FROM "Chapter"
  WHERE "storyId" = p_story AND dashboard_in_order("status", "publishedRevisionId") AND ("position", id) > (v_pos, p_chapter)
  ORDER BY "position", id LIMIT 1;
  IF v_prev IS NOT NULL AND EXISTS (SELECT 1 FROM "ChapterReader" WHERE "chapterId" = v_prev AND "userId" = p_user) THEN
    UPDATE "ChapterStat" SET "retained" = "retained" + p_sign WHERE "chapterId" = v_prev;
  END IF;
  IF v_next IS NOT NULL AND EXISTS (SELECT 1 FROM "ChapterReader" WHERE "chapterId" = v_next AND "userId" = p_user) THEN
    UPDATE "ChapterStat" SET "retained" = "retained" + p_sign WHERE "chapterId" = p_chapter;
  END IF;
END
$$;

CREATE FUNCTION dashboard_apply_read(r "ChapterRead", p_sign INT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
  v_new BOOLEAN;
  v_left INT;
BEGIN
  SELECT "storyId" INTO v_story FROM "Chapter" WHERE id = r."chapterId";
  IF v_story IS NULL OR dashboard_is_member(v_story, r."userId") THEN RETURN; END IF;

  IF p_sign > 0 THEN
    INSERT INTO "ChapterStat" ("chapterId", "storyId", "reads") VALUES (r."chapterId", v_story, 1)
    ON CONFLICT ("chapterId") DO UPDATE SET "reads" = "ChapterStat"."reads" + 1;
    INSERT INTO "DailyStat" ("chapterId", "day", "storyId", "reads") VALUES (r."chapterId", r."readAt"::date, v_story, 1)
    ON CONFLICT ("chapterId", "day") DO UPDATE SET "reads" = "DailyStat"."reads" + 1;
    -- xmax = 0 on the returned row means it was inserted, not updated: a new unique reader.
    INSERT INTO "ChapterReader" ("chapterId", "userId", "storyId", "reads", "firstReadAt")
    VALUES (r."chapterId", r."userId", v_story, 1, r."readAt")
    ON CONFLICT ("chapterId", "userId") DO UPDATE
      SET "reads" = "ChapterReader"."reads" + 1, "firstReadAt" = LEAST("ChapterReader"."firstReadAt", EXCLUDED."firstReadAt")
    RETURNING (xmax = 0) INTO v_new;
    IF v_new THEN
      UPDATE "ChapterStat" SET "readers" = "readers" + 1 WHERE "chapterId" = r."chapterId";
      PERFORM dashboard_adjust_retention(v_story, r."chapterId", r."userId", 1);
    END IF;
    INSERT INTO "StoryReader" ("storyId", "userId", "reads") VALUES (v_story, r."userId", 1)
    ON CONFLICT ("storyId", "userId") DO UPDATE SET "reads" = "StoryReader"."reads" + 1
    RETURNING (xmax = 0) INTO v_new;
    IF v_new THEN
      INSERT INTO "StoryStat" ("storyId", "readers") VALUES (v_story, 1)
      ON CONFLICT ("storyId") DO UPDATE SET "readers" = "StoryStat"."readers" + 1;
    END IF;
  ELSE
    UPDATE "ChapterStat" SET "reads" = "reads" - 1 WHERE "chapterId" = r."chapterId";
    UPDATE "DailyStat" SET "reads" = "reads" - 1 WHERE "chapterId" = r."chapterId" AND "day" = r."readAt"::date;
    UPDATE "ChapterReader" SET "reads" = "reads" - 1 WHERE "chapterId" = r."chapterId" AND "userId" = r."userId"
    RETURNING "reads" INTO v_left;
    IF v_left = 0 THEN
      PERFORM dashboard_adjust_retention(v_story, r."chapterId", r."userId", -1);
      DELETE FROM "ChapterReader" WHERE "chapterId" = r."chapterId" AND "userId" = r."userId";
      UPDATE "ChapterStat" SET "readers" = "readers" - 1 WHERE "chapterId" = r."chapterId";
    END IF;
    UPDATE "StoryReader" SET "reads" = "reads" - 1 WHERE "storyId" = v_story AND "userId" = r."userId"
    RETURNING "reads" INTO v_left;
    IF v_left = 0 THEN
      DELETE FROM "StoryReader" WHERE "storyId" = v_story AND "userId" = r."userId";
      UPDATE "StoryStat" SET "readers" = "readers" - 1 WHERE "storyId" = v_story;
    END IF;
  END IF;
END
$$;

CREATE FUNCTION dashboard_apply_review(r "Review", p_sign INT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
BEGIN
  IF r."status" <> 'visible' THEN RETURN; END IF;
  SELECT "storyId" INTO v_story FROM "Chapter" WHERE id = r."chapterId";
  IF v_story IS NULL OR dashboard_is_editor(v_story, r."authorId") THEN RETURN; END IF;
  IF p_sign > 0 THEN
    INSERT INTO "ChapterStat" ("chapterId", "storyId") VALUES (r."chapterId", v_story) ON CONFLICT DO NOTHING;
    INSERT INTO "DailyStat" ("chapterId", "day", "storyId") VALUES (r."chapterId", r."createdAt"::date, v_story) ON CONFLICT DO NOTHING;
  END IF;
  UPDATE "ChapterStat" SET
    "reviews" = "reviews" + p_sign,
    "yays" = "yays" + CASE WHEN r."verdict" = 'yay' THEN p_sign ELSE 0 END,
    "nays" = "nays" + CASE WHEN r."verdict" = 'nay' THEN p_sign ELSE 0 END,
    "pacingSum" = "pacingSum" + p_sign * COALESCE(r."pacing", 0),
    "pacingCount" = "pacingCount" + CASE WHEN r."pacing" IS NULL THEN 0 ELSE p_sign END,
    "charactersSum" = "charactersSum" + p_sign * COALESCE(r."characters", 0),
    "charactersCount" = "charactersCount" + CASE WHEN r."characters" IS NULL THEN 0 ELSE p_sign END,
    "povClaritySum" = "povClaritySum" + p_sign * COALESCE(r."povClarity", 0),
    "povClarityCount" = "povClarityCount" + CASE WHEN r."povClarity" IS NULL THEN 0 ELSE p_sign END,
    "proseSum" = "proseSum" + p_sign * COALESCE(r."prose", 0),
    "proseCount" = "proseCount" + CASE WHEN r."prose" IS NULL THEN 0 ELSE p_sign END
  WHERE "chapterId" = r."chapterId";
  UPDATE "DailyStat" SET "reviews" = "reviews" + p_sign WHERE "chapterId" = r."chapterId" AND "day" = r."createdAt"::date;
END
$$;

CREATE FUNCTION dashboard_apply_comment(r "InlineComment", p_sign INT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
  v_reaction INT := CASE WHEN r."type" = 'reaction' THEN p_sign ELSE 0 END;
  v_critique INT := CASE WHEN r."type" = 'critique' THEN p_sign ELSE 0 END;
  v_typo INT := CASE WHEN r."type" = 'typo' THEN p_sign ELSE 0 END;
BEGIN
  IF r."status" <> 'visible' THEN RETURN; END IF;
  SELECT "storyId" INTO v_story FROM "Chapter" WHERE id = r."chapterId";
  IF v_story IS NULL OR dashboard_is_editor(v_story, r."authorId") THEN RETURN; END IF;
  IF p_sign > 0 THEN
    INSERT INTO "ChapterStat" ("chapterId", "storyId", "comments", "reactions", "critiques", "typos")
    VALUES (r."chapterId", v_story, 1, v_reaction, v_critique, v_typo)
    ON CONFLICT ("chapterId") DO UPDATE SET
      "comments" = "ChapterStat"."comments" + 1, "reactions" = "ChapterStat"."reactions" + v_reaction,
      "critiques" = "ChapterStat"."critiques" + v_critique, "typos" = "ChapterStat"."typos" + v_typo;
    INSERT INTO "PassageStat" ("chapterId", "passageKey", "storyId", "comments", "reactions", "critiques", "typos")
    VALUES (r."chapterId", r."passageKey", v_story, 1, v_reaction, v_critique, v_typo)
    ON CONFLICT ("chapterId", "passageKey") DO UPDATE SET
      "comments" = "PassageStat"."comments" + 1, "reactions" = "PassageStat"."reactions" + v_reaction,
      "critiques" = "PassageStat"."critiques" + v_critique, "typos" = "PassageStat"."typos" + v_typo;
    INSERT INTO "DailyStat" ("chapterId", "day", "storyId", "comments") VALUES (r."chapterId", r."createdAt"::date, v_story, 1)
    ON CONFLICT ("chapterId", "day") DO UPDATE SET "comments" = "DailyStat"."comments" + 1;
  ELSE
    UPDATE "ChapterStat" SET "comments" = "comments" - 1, "reactions" = "reactions" + v_reaction,
      "critiques" = "critiques" + v_critique, "typos" = "typos" + v_typo
    WHERE "chapterId" = r."chapterId";
    UPDATE "PassageStat" SET "comments" = "comments" - 1, "reactions" = "reactions" + v_reaction,
      "critiques" = "critiques" + v_critique, "typos" = "typos" + v_typo
    WHERE "chapterId" = r."chapterId" AND "passageKey" = r."passageKey";
    UPDATE "DailyStat" SET "comments" = "comments" - 1 WHERE "chapterId" = r."chapterId" AND "day" = r."createdAt"::date;
  END IF;
END
$$;

CREATE FUNCTION dashboard_read_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."chapterId" = NEW."chapterId" AND OLD."userId" = NEW."userId" AND OLD."readAt" = NEW."readAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_apply_read(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_apply_read(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION dashboard_review_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (OLD."chapterId", OLD."authorId", OLD."verdict", OLD."status", OLD."createdAt")
         IS NOT DISTINCT FROM (NEW."chapterId", NEW."authorId", NEW."verdict", NEW."status", NEW."createdAt")
     AND (OLD."pacing", OLD."characters", OLD."povClarity", OLD."prose")
         IS NOT DISTINCT FROM (NEW."pacing", NEW."characters", NEW."povClarity", NEW."prose") THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_apply_review(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_apply_review(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION dashboard_comment_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (OLD."chapterId", OLD."authorId", OLD."passageKey", OLD."type", OLD."status", OLD."createdAt")
         IS NOT DISTINCT FROM (NEW."chapterId", NEW."authorId", NEW."passageKey", NEW."type", NEW."status", NEW."createdAt") THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_apply_comment(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_apply_comment(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_rollup AFTER INSERT OR UPDATE OR DELETE ON "ChapterRead"
  FOR EACH ROW EXECUTE FUNCTION dashboard_read_changed();
CREATE TRIGGER dashboard_rollup AFTER INSERT OR UPDATE OR DELETE ON "Review"
  FOR EACH ROW EXECUTE FUNCTION dashboard_review_changed();
CREATE TRIGGER dashboard_rollup AFTER INSERT OR UPDATE OR DELETE ON "InlineComment"
  FOR EACH ROW EXECUTE FUNCTION dashboard_comment_changed();

-- Recomputes one story's rollups from the raw tables. Used when membership changes (who counts
-- changes) and after bulk loads that bypass the triggers (the benchmark's generator).
CREATE FUNCTION dashboard_rebuild_story(p_story TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "DailyStat" WHERE "storyId" = p_story;
  DELETE FROM "PassageStat" WHERE "storyId" = p_story;
  DELETE FROM "ChapterStat" WHERE "storyId" = p_story;
  DELETE FROM "ChapterReader" WHERE "storyId" = p_story;
  DELETE FROM "StoryReader" WHERE "storyId" = p_story;
  DELETE FROM "StoryStat" WHERE "storyId" = p_story;
  -- During a story's own deletion the rows above are going anyway; nothing to rebuild.
  IF NOT EXISTS (SELECT 1 FROM "Story" WHERE id = p_story) THEN RETURN; END IF;

  INSERT INTO "ChapterStat" ("chapterId", "storyId") SELECT id, p_story FROM "Chapter" WHERE "storyId" = p_story;

  INSERT INTO "ChapterReader" ("chapterId", "userId", "storyId", "reads", "firstReadAt")
  SELECT r."chapterId", r."userId", p_story, count(*), min(r."readAt")
  FROM "ChapterRead" r JOIN "Chapter" c ON c.id = r."chapterId"
  WHERE c."storyId" = p_story
    AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = p_story AND m."userId" = r."userId")
  GROUP BY r."chapterId", r."userId";

  INSERT INTO "StoryReader" ("storyId", "userId", "reads")
  SELECT p_story, "userId", sum("reads") FROM "ChapterReader" WHERE "storyId" = p_story GROUP BY "userId";
  INSERT INTO "StoryStat" ("storyId", "readers")
  SELECT p_story, count(*) FROM "StoryReader" WHERE "storyId" = p_story;

  UPDATE "ChapterStat" cs SET "reads" = x.reads, "readers" = x.readers
  FROM (SELECT "chapterId", sum("reads") AS reads, count(*) AS readers FROM "ChapterReader" WHERE "storyId" = p_story GROUP BY "chapterId") x
  WHERE cs."chapterId" = x."chapterId";

  UPDATE "ChapterStat" cs SET
    "reviews" = x.reviews, "yays" = x.yays, "nays" = x.nays,
    "pacingSum" = x.ps, "pacingCount" = x.pc, "charactersSum" = x.cs, "charactersCount" = x.cc,
    "povClaritySum" = x.vs, "povClarityCount" = x.vc, "proseSum" = x.rs, "proseCount" = x.rc
  FROM (
    SELECT v."chapterId", count(*) AS reviews,
      count(*) FILTER (WHERE v."verdict" = 'yay') AS yays, count(*) FILTER (WHERE v."verdict" = 'nay') AS nays,
      COALESCE(sum(v."pacing"), 0) AS ps, count(v."pacing") AS pc,
      COALESCE(sum(v."characters"), 0) AS cs, count(v."characters") AS cc,
      COALESCE(sum(v."povClarity"), 0) AS vs, count(v."povClarity") AS vc,
      COALESCE(sum(v."prose"), 0) AS rs, count(v."prose") AS rc
    FROM "Review" v JOIN "Chapter" c ON c.id = v."chapterId"
    WHERE c."storyId" = p_story AND v."status" = 'visible' AND NOT dashboard_is_editor(p_story, v."authorId")
    GROUP BY v."chapterId"
  ) x
  WHERE cs."chapterId" = x."chapterId";

  INSERT INTO "PassageStat" ("chapterId", "passageKey", "storyId", "comments", "reactions", "critiques", "typos")
  SELECT i."chapterId", i."passageKey", p_story, count(*),
    count(*) FILTER (WHERE i."type" = 'reaction'), count(*) FILTER (WHERE i."type" = 'critique'), count(*) FILTER (WHERE i."type" = 'typo')
  FROM "InlineComment" i JOIN "Chapter" c ON c.id = i."chapterId"
  WHERE c."storyId" = p_story AND i."status" = 'visible' AND NOT dashboard_is_editor(p_story, i."authorId")
  GROUP BY i."chapterId", i."passageKey";

  UPDATE "ChapterStat" cs SET "comments" = x.comments, "reactions" = x.reactions, "critiques" = x.critiques, "typos" = x.typos
  FROM (
    SELECT "chapterId", sum("comments") AS comments, sum("reactions") AS reactions, sum("critiques") AS critiques, sum("typos") AS typos
    FROM "PassageStat" WHERE "storyId" = p_story GROUP BY "chapterId"
  ) x
  WHERE cs."chapterId" = x."chapterId";

  INSERT INTO "DailyStat" ("chapterId", "day", "storyId", "reads", "reviews", "comments")
  SELECT e."chapterId", e.day, p_story, sum(e.reads), sum(e.reviews), sum(e.comments)
  FROM (
    SELECT r."chapterId", r."readAt"::date AS day, 1 AS reads, 0 AS reviews, 0 AS comments
    FROM "ChapterRead" r JOIN "Chapter" c ON c.id = r."chapterId"
    WHERE c."storyId" = p_story
      AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = p_story AND m."userId" = r."userId")
    UNION ALL
    SELECT v."chapterId", v."createdAt"::date, 0, 1, 0
    FROM "Review" v JOIN "Chapter" c ON c.id = v."chapterId"
    WHERE c."storyId" = p_story AND v."status" = 'visible' AND NOT dashboard_is_editor(p_story, v."authorId")
    UNION ALL
    SELECT i."chapterId", i."createdAt"::date, 0, 0, 1
    FROM "InlineComment" i JOIN "Chapter" c ON c.id = i."chapterId"
    WHERE c."storyId" = p_story AND i."status" = 'visible' AND NOT dashboard_is_editor(p_story, i."authorId")
  ) e
  GROUP BY e."chapterId", e.day;

  PERFORM dashboard_rebuild_retention(p_story);
END
$$;

CREATE FUNCTION dashboard_member_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."role" = NEW."role" AND OLD."userId" = NEW."userId" AND OLD."storyId" = NEW."storyId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_rebuild_story(OLD."storyId"); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."storyId" <> OLD."storyId") THEN
    PERFORM dashboard_rebuild_story(NEW."storyId");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_rollup AFTER INSERT OR UPDATE OR DELETE ON "StoryMember"
  FOR EACH ROW EXECUTE FUNCTION dashboard_member_changed();

-- The reading order changed (reorder, publish, unpublish): retention is recounted. A deleted
-- chapter recounts the story.
CREATE FUNCTION dashboard_chapter_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."position" = NEW."position"
     AND dashboard_in_order(OLD."status", OLD."publishedRevisionId") = dashboard_in_order(NEW."status", NEW."publishedRevisionId") THEN
    RETURN NULL;
  END IF;
  -- OLD."storyId" in both cases: chapters never move between stories.
  IF NOT EXISTS (SELECT 1 FROM "Story" WHERE id = OLD."storyId") THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- The chapter's reads went with it (cascade) while it could no longer be looked up, so the
    -- story's distinct readers are recounted with everything else.
    PERFORM dashboard_rebuild_story(OLD."storyId");
  ELSE
    PERFORM dashboard_rebuild_retention(OLD."storyId");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_reading_order AFTER UPDATE OR DELETE ON "Chapter"
  FOR EACH ROW EXECUTE FUNCTION dashboard_chapter_changed();

-- Every story's rollups from scratch (after a bulk load with the triggers disabled).
CREATE FUNCTION dashboard_rebuild_all() RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
BEGIN
  FOR v_story IN SELECT id FROM "Story" LOOP
    PERFORM dashboard_rebuild_story(v_story);
  END LOOP;
END
$$;

