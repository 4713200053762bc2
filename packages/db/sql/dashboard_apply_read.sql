-- Adds (p_sign = 1) or removes (-1) one read in the dashboard rollups: reads, readers (first
-- read of a chapter by a reader), daily reads and retention. Members' reads never count.

CREATE OR REPLACE FUNCTION public.dashboard_apply_read(r "ChapterRead", p_sign integer)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
$function$;
