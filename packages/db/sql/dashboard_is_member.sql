-- Any member of the story (owner, co-author, beta): their reads are never counted.
-- Counting rules for every rollup are in docs/dashboard.md.

CREATE OR REPLACE FUNCTION public.dashboard_is_member(p_story text, p_user text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  SELECT EXISTS (SELECT 1 FROM "StoryMember" WHERE "storyId" = p_story AND "userId" = p_user)
$function$;
