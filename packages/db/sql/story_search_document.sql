-- The document search reads (title A, tag names B, summary C — the same weights the query used to
-- build on the fly for every public story at every search). Kept in the same transaction as the
-- writes that change it: the story's own title/summary, its tags, a tag's name.

CREATE OR REPLACE FUNCTION public.story_search_document(p_title text, p_summary text, p_story_id text)
 RETURNS tsvector
 LANGUAGE sql
 STABLE
AS $function$
  SELECT setweight(to_tsvector('english', p_title), 'A')
      || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = p_story_id
         ), '')), 'B')
      || setweight(to_tsvector('english', p_summary), 'C')
$function$;
