-- Before a story's title or summary is written: its search document follows.

CREATE OR REPLACE FUNCTION public.story_search_on_story()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW."searchDocument" := story_search_document(NEW.title, NEW.summary, NEW.id);
  RETURN NEW;
END
$function$;

CREATE TRIGGER story_search_on_story BEFORE INSERT OR UPDATE OF title, summary ON public."Story" FOR EACH ROW EXECUTE FUNCTION story_search_on_story();
