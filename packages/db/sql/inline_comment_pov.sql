-- The feedback inbox's POV filter used to look up every comment's passage and segment at read
-- time (a story with 68,000 comments: 0.3 s a page). The comment now carries the POV of the
-- passage it was written on, set when it is written and kept when that passage's segment
-- changes character (a character deleted or reassigned).

CREATE OR REPLACE FUNCTION public.inline_comment_pov(p_revision_id text, p_passage_key text)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  SELECT sg."characterId" FROM "Passage" p JOIN "Segment" sg ON sg.id = p."segmentId"
  WHERE p."revisionId" = p_revision_id AND p.key = p_passage_key LIMIT 1
$function$;
