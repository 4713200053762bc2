-- Recounts "retained" for every chapter of a story: readers of a chapter who also read the
-- next chapter in the reading order.

CREATE OR REPLACE FUNCTION public.dashboard_rebuild_retention(p_story text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "ChapterStat" SET "retained" = 0 WHERE "storyId" = p_story AND "retained" <> 0;
  UPDATE "ChapterStat" cs SET "retained" = x.n
  FROM (
    SELECT o.id, (
      SELECT count(*) FROM "ChapterReader" a
      JOIN "ChapterReader" b ON b."chapterId" = o.nxt AND b."userId" = a."userId"
      WHERE a."chapterId" = o.id
    ) AS n
    FROM (
      SELECT id, lead(id) OVER (ORDER BY "position", id) AS nxt
      FROM "Chapter"
      WHERE "storyId" = p_story AND dashboard_in_order("status", "publishedRevisionId")
    ) o
    WHERE o.nxt IS NOT NULL
  ) x
  WHERE cs."chapterId" = x.id AND x.n <> 0;
END
$function$;
