-- Row trigger on Review: an update that changes nothing the rollups count returns at once;
-- otherwise the old review is taken out and the new one put in.

CREATE OR REPLACE FUNCTION public.dashboard_review_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (OLD."chapterId", OLD."authorId", OLD."verdict", OLD."status", OLD."createdAt")
         IS NOT DISTINCT FROM (NEW."chapterId", NEW."authorId", NEW."verdict", NEW."status", NEW."createdAt")
     AND (OLD."pacing", OLD."characters", OLD."povClarity", OLD."prose")
         IS NOT DISTINCT FROM (NEW."pacing", NEW."characters", NEW."povClarity", NEW."prose") THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_apply_review(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_apply_review(NEW, 1); END IF;
  RETURN NULL;
END
$function$;

CREATE TRIGGER dashboard_rollup AFTER INSERT OR DELETE OR UPDATE ON public."Review" FOR EACH ROW EXECUTE FUNCTION dashboard_review_changed();
