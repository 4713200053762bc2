-- A username or display name changed: every story page may show it, so the 'users' counter moves.

CREATE OR REPLACE FUNCTION public.content_version_users()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM content_version_bump('users');
  RETURN NULL;
END;
$function$;

CREATE TRIGGER content_version AFTER UPDATE OF username, "displayName" ON public."User" FOR EACH ROW WHEN (((old.username IS DISTINCT FROM new.username) OR (old."displayName" IS DISTINCT FROM new."displayName"))) EXECUTE FUNCTION content_version_users();
