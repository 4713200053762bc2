-- Row trigger on InlineComment: an update that changes nothing the rollups count returns at
-- once; otherwise the old row is taken out and the new one put in.

CREATE OR REPLACE FUNCTION public.dashboard_comment_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (OLD."chapterId", OLD."authorId", OLD."passageKey", OLD."type", OLD."status", OLD."createdAt")
         IS NOT DISTINCT FROM (NEW."chapterId", NEW."authorId", NEW."passageKey", NEW."type", NEW."status", NEW."createdAt") THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_apply_comment(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_apply_comment(NEW, 1); END IF;
  RETURN NULL;
END
$function$;

CREATE TRIGGER dashboard_rollup AFTER INSERT OR DELETE OR UPDATE ON public."InlineComment" FOR EACH ROW EXECUTE FUNCTION dashboard_comment_changed();
