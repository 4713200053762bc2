-- Retention: "retained" on chapter C = readers of C who also read the next chapter in the
-- story's reading order (chapters with a published revision and not back in draft, by position).

CREATE OR REPLACE FUNCTION public.dashboard_in_order(p_status "ChapterStatus", p_published text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT p_published IS NOT NULL AND p_status <> 'draft' $function$;
