-- Bumps one content version counter (a story's, or 'users' for names shown everywhere): the
-- page cache files copies under these counters, so any write a reader sees makes them stale.

CREATE OR REPLACE FUNCTION public.content_version_bump(p_key text)
 RETURNS void
 LANGUAGE sql
AS $function$
  INSERT INTO "ContentVersion" ("key", "version") VALUES (p_key, 1)
  ON CONFLICT ("key") DO UPDATE SET "version" = "ContentVersion"."version" + 1;
$function$;
