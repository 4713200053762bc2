-- A reader newly has (p_sign = 1) or no longer has (-1) a counted read of p_chapter.

CREATE OR REPLACE FUNCTION public.dashboard_adjust_retention(p_story text, p_chapter text, p_user text, p_sign integer)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
$function$;
