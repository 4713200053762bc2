-- A segment's character changed: comments on its passages follow the new POV.

CREATE OR REPLACE FUNCTION public.inbox_pov_on_segment()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "InlineComment" x SET "povCharacterId" = NEW."characterId"
  FROM "Passage" p
  WHERE p."segmentId" = NEW.id
    AND x."chapterId" = (SELECT r."chapterId" FROM "ChapterRevision" r WHERE r.id = NEW."revisionId")
    AND x."revisionId" = p."revisionId" AND x."passageKey" = p.key
    AND x."povCharacterId" IS DISTINCT FROM NEW."characterId";
  RETURN NULL;
END
$function$;

CREATE TRIGGER inbox_pov_on_segment AFTER UPDATE OF "characterId" ON public."Segment" FOR EACH ROW WHEN ((old."characterId" IS DISTINCT FROM new."characterId")) EXECUTE FUNCTION inbox_pov_on_segment();
