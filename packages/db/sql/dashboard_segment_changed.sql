-- A segment's character changed (a deleted character sets it to NULL): every chapter showing
-- that revision is derived again. Old revisions nobody shows cost two index lookups.

CREATE OR REPLACE FUNCTION public.dashboard_segment_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$;

CREATE TRIGGER dashboard_pov_rollup AFTER UPDATE OF "characterId", "revisionId" ON public."Segment" FOR EACH ROW EXECUTE FUNCTION dashboard_segment_changed();
