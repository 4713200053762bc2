-- The revision the dashboard shows changed (publish, unpublish, a new current revision): the
-- chapter's passages may now belong to other POVs, so its rows are derived again.

CREATE OR REPLACE FUNCTION public.dashboard_chapter_shown_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF COALESCE(NEW."publishedRevisionId", NEW."currentRevisionId") IS NULL THEN RETURN NULL; END IF;
  ELSIF COALESCE(OLD."publishedRevisionId", OLD."currentRevisionId") IS NOT DISTINCT FROM COALESCE(NEW."publishedRevisionId", NEW."currentRevisionId") THEN
    RETURN NULL;
  END IF;
  PERFORM dashboard_rebuild_povs(NEW."storyId", NEW.id);
  RETURN NULL;
END
$function$;

CREATE TRIGGER dashboard_pov_rollup AFTER INSERT OR UPDATE OF "publishedRevisionId", "currentRevisionId" ON public."Chapter" FOR EACH ROW EXECUTE FUNCTION dashboard_chapter_shown_changed();
