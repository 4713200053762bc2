-- The story's (p_chapter NULL) or one chapter's rows, from PassageStat and the shown revision.
-- Summing over the join counts a passage key once per passage that has it, as the read-time
-- query did.

CREATE OR REPLACE FUNCTION public.dashboard_rebuild_povs(p_story text, p_chapter text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF p_chapter IS NULL THEN
    DELETE FROM "ChapterPovStat" WHERE "storyId" = p_story;
  ELSE
    DELETE FROM "ChapterPovStat" WHERE "chapterId" = p_chapter;
  END IF;
  INSERT INTO "ChapterPovStat" ("chapterId", "characterId", "storyId", "comments", "reactions", "critiques", "typos")
  SELECT c.id, s."characterId", c."storyId",
    COALESCE(sum(ps."comments"), 0), COALESCE(sum(ps."reactions"), 0), COALESCE(sum(ps."critiques"), 0), COALESCE(sum(ps."typos"), 0)
  FROM "Chapter" c
  JOIN "Segment" s ON s."revisionId" = COALESCE(c."publishedRevisionId", c."currentRevisionId") AND s."characterId" IS NOT NULL
  LEFT JOIN "Passage" p ON p."revisionId" = s."revisionId" AND p."segmentId" = s.id
  LEFT JOIN "PassageStat" ps ON ps."chapterId" = c.id AND ps."passageKey" = p."key"
  WHERE c."storyId" = p_story AND (p_chapter IS NULL OR c.id = p_chapter)
  GROUP BY c.id, s."characterId", c."storyId";
END
$function$;
