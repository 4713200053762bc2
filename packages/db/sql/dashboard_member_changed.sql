-- Row trigger on StoryMember: a membership change rebuilds the story's rollups, so "never
-- counting members" stays true for readers who later join the story (and after they leave).

CREATE OR REPLACE FUNCTION public.dashboard_member_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."role" = NEW."role" AND OLD."userId" = NEW."userId" AND OLD."storyId" = NEW."storyId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_rebuild_story(OLD."storyId"); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."storyId" <> OLD."storyId") THEN
    PERFORM dashboard_rebuild_story(NEW."storyId");
  END IF;
  RETURN NULL;
END
$function$;

CREATE TRIGGER dashboard_rollup AFTER INSERT OR DELETE OR UPDATE ON public."StoryMember" FOR EACH ROW EXECUTE FUNCTION dashboard_member_changed();
