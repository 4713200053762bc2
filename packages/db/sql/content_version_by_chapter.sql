-- Rows that carry a chapter's id: inline comments, reviews and guests' verdicts.

CREATE OR REPLACE FUNCTION public.content_version_by_chapter()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_story TEXT;
BEGIN
  SELECT "storyId" INTO v_story FROM "Chapter" WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."chapterId" ELSE NEW."chapterId" END;
  -- A chapter deleted with its comments has already bumped its story.
  IF v_story IS NOT NULL THEN
    PERFORM content_version_bump(v_story);
  END IF;
  RETURN NULL;
END;
$function$;

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."GuestVerdict" FOR EACH ROW EXECUTE FUNCTION content_version_by_chapter();

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."InlineComment" FOR EACH ROW EXECUTE FUNCTION content_version_by_chapter();

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."Review" FOR EACH ROW EXECUTE FUNCTION content_version_by_chapter();
