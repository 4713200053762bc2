-- Story rows: the story itself (a deleted story's counter stays; nothing reads it).

CREATE OR REPLACE FUNCTION public.content_version_story()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM content_version_bump(CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END);
  RETURN NULL;
END;
$function$;

CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."Story" FOR EACH ROW EXECUTE FUNCTION content_version_story();
