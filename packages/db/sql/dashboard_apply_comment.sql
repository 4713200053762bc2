-- Adds or removes one comment in the rollups (per chapter, per day, per passage, per POV).
-- Counted feedback: visible, not in a beta round, not by the owner or a co-author. The
-- chapter row is read FOR KEY SHARE: a concurrent change of the shown revision (which locks
-- the row FOR UPDATE) then either waits for this comment or is seen by it, so the delta never
-- lands on the previous revision's POV after the chapter's rows were derived again.

CREATE OR REPLACE FUNCTION public.dashboard_apply_comment(r "InlineComment", p_sign integer)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
$function$;
