-- Owner or co-author of the story: their comments and reviews are replies, not feedback.

CREATE OR REPLACE FUNCTION public.dashboard_is_editor(p_story text, p_user text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  SELECT EXISTS (
    SELECT 1 FROM "StoryMember"
    WHERE "storyId" = p_story AND "userId" = p_user AND "role" IN ('owner', 'coauthor')
  )
$function$;
