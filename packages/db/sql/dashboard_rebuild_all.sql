-- Every story's rollups from scratch (after a bulk load with the triggers disabled).

CREATE OR REPLACE FUNCTION public.dashboard_rebuild_all()
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_story TEXT;
BEGIN
  FOR v_story IN SELECT id FROM "Story" LOOP
    PERFORM dashboard_rebuild_story(v_story);
  END LOOP;
END
$function$;
