-- Publishing, scheduling, unpublishing (publishedRevisionId) or renaming a chapter: its search
-- document follows, in the same transaction as the write that publishes.

CREATE OR REPLACE FUNCTION public.chapter_search_on_chapter()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW."searchDocument" := chapter_search_document(NEW.title, NEW."publishedRevisionId");
  RETURN NEW;
END
$function$;

CREATE TRIGGER chapter_search_on_chapter BEFORE INSERT OR UPDATE OF title, "publishedRevisionId" ON public."Chapter" FOR EACH ROW EXECUTE FUNCTION chapter_search_on_chapter();
