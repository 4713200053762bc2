-- What readers of a chapter can read, for search: its title (B) and the text of its published
-- revision (D, to_tsvector's default); null while it has none, so drafts are never matched.
-- Passages of a revision never change once written, so following the chapter row is enough.

CREATE OR REPLACE FUNCTION public.chapter_search_document(p_title text, p_revision_id text)
 RETURNS tsvector
 LANGUAGE sql
 STABLE
AS $function$
  SELECT CASE WHEN p_revision_id IS NULL THEN NULL ELSE
    setweight(to_tsvector('english', p_title), 'B')
    || coalesce((SELECT to_tsvector('english', string_agg(p.text, ' ' ORDER BY p.position))
                 FROM "Passage" p WHERE p."revisionId" = p_revision_id), ''::tsvector)
  END
$function$;
