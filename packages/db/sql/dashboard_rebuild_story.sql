-- Every rollup of one story from scratch: chapter, daily, passage and POV stats, readers and
-- retention (after membership changes, and by dashboard_rebuild_all).

CREATE OR REPLACE FUNCTION public.dashboard_rebuild_story(p_story text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
$function$;
