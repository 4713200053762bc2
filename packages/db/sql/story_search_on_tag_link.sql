-- A tag added to or removed from a story: the story's search document follows.

CREATE OR REPLACE FUNCTION public.story_search_on_tag_link()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  sid TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD."storyId" ELSE NEW."storyId" END;
BEGIN
  UPDATE "Story" SET "searchDocument" = story_search_document(title, summary, id) WHERE id = sid;
  RETURN NULL;
END
$function$;

CREATE TRIGGER story_search_on_tag_link AFTER INSERT OR DELETE ON public."StoryTag" FOR EACH ROW EXECUTE FUNCTION story_search_on_tag_link();
