-- CreateTable
CREATE TABLE "ChapterPovStat" (
    "chapterId" TEXT NOT NULL,
    "characterId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "reactions" INTEGER NOT NULL DEFAULT 0,
    "critiques" INTEGER NOT NULL DEFAULT 0,
    "typos" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChapterPovStat_pkey" PRIMARY KEY ("chapterId","characterId")
);

-- CreateIndex
CREATE INDEX "ChapterPovStat_storyId_idx" ON "ChapterPovStat"("storyId");

-- CreateIndex
CREATE INDEX "PassageStat_chapterId_comments_passageKey_reactions_critiqu_idx" ON "PassageStat"("chapterId", "comments", "passageKey", "reactions", "critiques", "typos");

-- AddForeignKey
ALTER TABLE "ChapterPovStat" ADD CONSTRAINT "ChapterPovStat_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterPovStat" ADD CONSTRAINT "ChapterPovStat_characterId_fkey" FOREIGN KEY ("characterId") REFERENCES "PovCharacter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- =============================================================================================
-- Per-POV comments as a rollup (hand-written; Prisma's diff does not see functions or triggers).
-- A ChapterPovStat row exists for each POV character narrating a segment of the revision the
-- dashboard shows for the chapter (published, else the current draft) and holds the counted
-- comments on the passages of those segments — what the dashboard used to work out at read
-- time by joining PassageStat to Passage and Segment. Kept in the same transaction as the write:
--   * a comment counted or uncounted (dashboard_apply_comment): its passage key is looked up in
--     the shown revision and the delta goes to that passage's character, alongside PassageStat;
--   * the shown revision changes (publish, unpublish, a new current revision), or a shown
--     segment's character changes: the chapter's rows are derived again from PassageStat;
--   * membership changes and bulk rebuilds (dashboard_rebuild_story) derive the story's rows;
--   * a deleted chapter or character takes its rows with it (foreign keys).
-- Stored revisions never change otherwise: segments and passages are written before a chapter
-- points at the revision (packages/api/src/services/chapter/store-revision.ts).
-- =============================================================================================

-- The story's (p_chapter NULL) or one chapter's rows, from PassageStat and the shown revision.
-- Summing over the join counts a passage key once per passage that has it, as the read-time
-- query did.
CREATE FUNCTION dashboard_rebuild_povs(p_story TEXT, p_chapter TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  IF p_chapter IS NULL THEN
    DELETE FROM "ChapterPovStat" WHERE "storyId" = p_story;
  ELSE
    DELETE FROM "ChapterPovStat" WHERE "chapterId" = p_chapter;
  END IF;
  INSERT INTO "ChapterPovStat" ("chapterId", "characterId", "storyId", "comments", "reactions", "critiques", "typos")
  SELECT c.id, s."characterId", c."storyId",
    COALESCE(sum(ps."comments"), 0), COALESCE(sum(ps."reactions"), 0), COALESCE(sum(ps."critiques"), 0), COALESCE(sum(ps."typos"), 0)
  FROM "Chapter" c
  JOIN "Segment" s ON s."revisionId" = COALESCE(c."publishedRevisionId", c."currentRevisionId") AND s."characterId" IS NOT NULL
  LEFT JOIN "Passage" p ON p."revisionId" = s."revisionId" AND p."segmentId" = s.id
  LEFT JOIN "PassageStat" ps ON ps."chapterId" = c.id AND ps."passageKey" = p."key"
  WHERE c."storyId" = p_story AND (p_chapter IS NULL OR c.id = p_chapter)
  GROUP BY c.id, s."characterId", c."storyId";
END
$$;

-- As in 20261127221500_dashboard_excludes_beta, plus the POV rollup. The chapter row is read
-- FOR KEY SHARE: a concurrent change of the shown revision (which locks the row FOR UPDATE)
-- then either waits for this comment or is seen by it, so the delta never lands on the
-- previous revision's POV after the chapter's rows were derived again.
CREATE OR REPLACE FUNCTION dashboard_apply_comment(r "InlineComment", p_sign INT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
  v_shown TEXT;
  v_reaction INT := CASE WHEN r."type" = 'reaction' THEN p_sign ELSE 0 END;
  v_critique INT := CASE WHEN r."type" = 'critique' THEN p_sign ELSE 0 END;
  v_typo INT := CASE WHEN r."type" = 'typo' THEN p_sign ELSE 0 END;
BEGIN
  IF r."status" <> 'visible' THEN RETURN; END IF;
  -- Beta-round feedback is private to the round: never a public figure.
  IF r."betaRoundId" IS NOT NULL THEN RETURN; END IF;
  SELECT "storyId", COALESCE("publishedRevisionId", "currentRevisionId") INTO v_story, v_shown
  FROM "Chapter" WHERE id = r."chapterId" FOR KEY SHARE;
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
    IF v_shown IS NOT NULL THEN
      INSERT INTO "ChapterPovStat" ("chapterId", "characterId", "storyId", "comments", "reactions", "critiques", "typos")
      SELECT r."chapterId", s."characterId", v_story, count(*), count(*) * v_reaction, count(*) * v_critique, count(*) * v_typo
      FROM "Passage" p JOIN "Segment" s ON s.id = p."segmentId"
      WHERE p."revisionId" = v_shown AND p."key" = r."passageKey" AND s."characterId" IS NOT NULL
      GROUP BY s."characterId"
      ON CONFLICT ("chapterId", "characterId") DO UPDATE SET
        "comments" = "ChapterPovStat"."comments" + EXCLUDED."comments", "reactions" = "ChapterPovStat"."reactions" + EXCLUDED."reactions",
        "critiques" = "ChapterPovStat"."critiques" + EXCLUDED."critiques", "typos" = "ChapterPovStat"."typos" + EXCLUDED."typos";
    END IF;
  ELSE
    UPDATE "ChapterStat" SET "comments" = "comments" - 1, "reactions" = "reactions" + v_reaction,
      "critiques" = "critiques" + v_critique, "typos" = "typos" + v_typo
    WHERE "chapterId" = r."chapterId";
    UPDATE "PassageStat" SET "comments" = "comments" - 1, "reactions" = "reactions" + v_reaction,
      "critiques" = "critiques" + v_critique, "typos" = "typos" + v_typo
    WHERE "chapterId" = r."chapterId" AND "passageKey" = r."passageKey";
    UPDATE "DailyStat" SET "comments" = "comments" - 1 WHERE "chapterId" = r."chapterId" AND "day" = r."createdAt"::date;
    IF v_shown IS NOT NULL THEN
      UPDATE "ChapterPovStat" t SET "comments" = t."comments" - x.n, "reactions" = t."reactions" + x.n * v_reaction,
        "critiques" = t."critiques" + x.n * v_critique, "typos" = t."typos" + x.n * v_typo
      FROM (
        SELECT s."characterId", count(*) AS n
        FROM "Passage" p JOIN "Segment" s ON s.id = p."segmentId"
        WHERE p."revisionId" = v_shown AND p."key" = r."passageKey" AND s."characterId" IS NOT NULL
        GROUP BY s."characterId"
      ) x
      WHERE t."chapterId" = r."chapterId" AND t."characterId" = x."characterId";
    END IF;
  END IF;
END
$$;

-- The revision the dashboard shows changed (publish, unpublish, a new current revision): the
-- chapter's passages may now belong to other POVs, so its rows are derived again.
CREATE FUNCTION dashboard_chapter_shown_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF COALESCE(NEW."publishedRevisionId", NEW."currentRevisionId") IS NULL THEN RETURN NULL; END IF;
  ELSIF COALESCE(OLD."publishedRevisionId", OLD."currentRevisionId") IS NOT DISTINCT FROM COALESCE(NEW."publishedRevisionId", NEW."currentRevisionId") THEN
    RETURN NULL;
  END IF;
  PERFORM dashboard_rebuild_povs(NEW."storyId", NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_pov_rollup AFTER INSERT OR UPDATE OF "publishedRevisionId", "currentRevisionId" ON "Chapter"
  FOR EACH ROW EXECUTE FUNCTION dashboard_chapter_shown_changed();

-- A segment's character changed (a deleted character sets it to NULL): every chapter showing
-- that revision is derived again. Old revisions nobody shows cost two index lookups.
CREATE FUNCTION dashboard_segment_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  v_chapter TEXT;
  v_story TEXT;
BEGIN
  IF OLD."characterId" IS NOT DISTINCT FROM NEW."characterId" AND OLD."revisionId" = NEW."revisionId" THEN
    RETURN NULL;
  END IF;
  FOR v_chapter, v_story IN
    SELECT id, "storyId" FROM "Chapter"
    WHERE "publishedRevisionId" IN (OLD."revisionId", NEW."revisionId")
       OR ("publishedRevisionId" IS NULL AND "currentRevisionId" IN (OLD."revisionId", NEW."revisionId"))
  LOOP
    PERFORM dashboard_rebuild_povs(v_story, v_chapter);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_pov_rollup AFTER UPDATE OF "characterId", "revisionId" ON "Segment"
  FOR EACH ROW EXECUTE FUNCTION dashboard_segment_changed();

-- As in 20261127221500_dashboard_excludes_beta, plus ChapterPovStat.
CREATE OR REPLACE FUNCTION dashboard_rebuild_story(p_story TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "DailyStat" WHERE "storyId" = p_story;
  DELETE FROM "ChapterPovStat" WHERE "storyId" = p_story;
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
  WHERE c."storyId" = p_story AND i."status" = 'visible' AND i."betaRoundId" IS NULL AND NOT dashboard_is_editor(p_story, i."authorId")
  GROUP BY i."chapterId", i."passageKey";

  UPDATE "ChapterStat" cs SET "comments" = x.comments, "reactions" = x.reactions, "critiques" = x.critiques, "typos" = x.typos
  FROM (
    SELECT "chapterId", sum("comments") AS comments, sum("reactions") AS reactions, sum("critiques") AS critiques, sum("typos") AS typos
    FROM "PassageStat" WHERE "storyId" = p_story GROUP BY "chapterId"
  ) x
  WHERE cs."chapterId" = x."chapterId";

  PERFORM dashboard_rebuild_povs(p_story, NULL);

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
    WHERE c."storyId" = p_story AND i."status" = 'visible' AND i."betaRoundId" IS NULL AND NOT dashboard_is_editor(p_story, i."authorId")
  ) e
  GROUP BY e."chapterId", e.day;

  PERFORM dashboard_rebuild_retention(p_story);
END
$$;

-- Existing data: every story's POV rows from its PassageStat (the other rollups are unchanged).
SELECT dashboard_rebuild_povs(id, NULL) FROM "Story";
