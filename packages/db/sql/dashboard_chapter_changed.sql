-- The reading order changed (reorder, publish, unpublish): retention is recounted. A deleted
-- chapter recounts the story.

CREATE OR REPLACE FUNCTION public.dashboard_chapter_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$;

CREATE TRIGGER dashboard_reading_order AFTER DELETE OR UPDATE ON public."Chapter" FOR EACH ROW EXECUTE FUNCTION dashboard_chapter_changed();
