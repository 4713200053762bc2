-- content_version_by_story (packages/db/sql/content_version_by_story.sql)
DROP TRIGGER IF EXISTS content_version ON public."Chapter";
DROP TRIGGER IF EXISTS content_version ON public."PovCharacter";
DROP TRIGGER IF EXISTS content_version ON public."StoryMember";
DROP TRIGGER IF EXISTS content_version ON public."StoryTag";
CREATE OR REPLACE FUNCTION public.content_version_by_story()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'Chapter'
     AND to_jsonb(NEW) - 'announcedAt' - 'searchDocument' - 'updatedAt'
       = to_jsonb(OLD) - 'announcedAt' - 'searchDocument' - 'updatedAt' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM content_version_bump(OLD."storyId");
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."storyId" IS DISTINCT FROM OLD."storyId") THEN
    PERFORM content_version_bump(NEW."storyId");
  END IF;
  RETURN NULL;
END;
$function$;

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."Chapter" FOR EACH ROW EXECUTE FUNCTION content_version_by_story();

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."PovCharacter" FOR EACH ROW EXECUTE FUNCTION content_version_by_story();

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."StoryMember" FOR EACH ROW EXECUTE FUNCTION content_version_by_story();

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."StoryTag" FOR EACH ROW EXECUTE FUNCTION content_version_by_story();
