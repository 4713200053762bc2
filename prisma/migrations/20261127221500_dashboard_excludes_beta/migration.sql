-- Beta-round comments (InlineComment."betaRoundId" set) are private to the round, so the
-- dashboard rollups must never count them: the per-row trigger path and the rebuild path both
-- skip them, and every story is rebuilt once so rows counted before this migration drop out.

CREATE OR REPLACE FUNCTION dashboard_apply_comment(r "InlineComment", p_sign INT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  v_story TEXT;
  v_reaction INT := CASE WHEN r."type" = 'reaction' THEN p_sign ELSE 0 END;
  v_critique INT := CASE WHEN r."type" = 'critique' THEN p_sign ELSE 0 END;
  v_typo INT := CASE WHEN r."type" = 'typo' THEN p_sign ELSE 0 END;
BEGIN
  IF r."status" <> 'visible' THEN RETURN; END IF;
  -- Beta-round feedback is private to the round: never a public figure.
  IF r."betaRoundId" IS NOT NULL THEN RETURN; END IF;
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

CREATE OR REPLACE FUNCTION dashboard_rebuild_story(p_story TEXT) RETURNS VOID
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
  WHERE c."storyId" = p_story AND i."status" = 'visible' AND i."betaRoundId" IS NULL AND NOT dashboard_is_editor(p_story, i."authorId")
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
    WHERE c."storyId" = p_story AND i."status" = 'visible' AND i."betaRoundId" IS NULL AND NOT dashboard_is_editor(p_story, i."authorId")
  ) e
  GROUP BY e."chapterId", e.day;

  PERFORM dashboard_rebuild_retention(p_story);
END
$$;

SELECT dashboard_rebuild_all();
