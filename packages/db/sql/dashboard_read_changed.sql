-- Row trigger on ChapterRead: takes the old read out and puts the new one in.

CREATE OR REPLACE FUNCTION public.dashboard_read_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."chapterId" = NEW."chapterId" AND OLD."userId" = NEW."userId" AND OLD."readAt" = NEW."readAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_apply_read(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_apply_read(NEW, 1); END IF;
  RETURN NULL;
END
$function$;

CREATE TRIGGER dashboard_rollup AFTER INSERT OR DELETE OR UPDATE ON public."ChapterRead" FOR EACH ROW EXECUTE FUNCTION dashboard_read_changed();
