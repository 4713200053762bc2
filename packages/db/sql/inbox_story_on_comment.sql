-- Before a comment is written: it carries its story, so the inbox reads a story's comments
-- newest first off (storyId, createdAt, id).

CREATE OR REPLACE FUNCTION public.inbox_story_on_comment()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW."storyId" := (SELECT c."storyId" FROM "Chapter" c WHERE c.id = NEW."chapterId");
  RETURN NEW;
END
$function$;

CREATE TRIGGER inbox_story_on_comment BEFORE INSERT OR UPDATE OF "chapterId" ON public."InlineComment" FOR EACH ROW EXECUTE FUNCTION inbox_story_on_comment();
