-- Before a comment is written (or moved to another revision or passage): it carries the POV of
-- its passage, so the feedback inbox filters by POV without a join per comment.

CREATE OR REPLACE FUNCTION public.inbox_pov_on_comment()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW."povCharacterId" := inline_comment_pov(NEW."revisionId", NEW."passageKey");
  RETURN NEW;
END
$function$;

CREATE TRIGGER inbox_pov_on_comment BEFORE INSERT OR UPDATE OF "revisionId", "passageKey" ON public."InlineComment" FOR EACH ROW EXECUTE FUNCTION inbox_pov_on_comment();
