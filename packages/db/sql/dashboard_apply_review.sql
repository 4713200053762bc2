-- Adds or removes one review in the rollups (counts, verdicts, aspect sums). Counted feedback:
-- visible, and not written by the story's owner or a co-author.

CREATE OR REPLACE FUNCTION public.dashboard_apply_review(r "Review", p_sign integer)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
$function$;
