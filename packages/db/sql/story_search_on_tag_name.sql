-- A tag renamed: the search documents of every story carrying it follow.

CREATE OR REPLACE FUNCTION public.story_search_on_tag_name()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "Story" s SET "searchDocument" = story_search_document(s.title, s.summary, s.id)
  WHERE s.id IN (SELECT "storyId" FROM "StoryTag" WHERE "tagId" = NEW.id);
  RETURN NULL;
END
$function$;

CREATE TRIGGER story_search_on_tag_name AFTER UPDATE OF name ON public."Tag" FOR EACH ROW EXECUTE FUNCTION story_search_on_tag_name();
