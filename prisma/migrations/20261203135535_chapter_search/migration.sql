-- AlterTable
ALTER TABLE "Chapter" ADD COLUMN     "searchDocument" tsvector;

-- CreateIndex
CREATE INDEX "Chapter_searchDocument_idx" ON "Chapter" USING GIN ("searchDocument");

-- What readers of a chapter can read, for search: its title (B) and the text of its published
-- revision (D, to_tsvector's default); null while it has none, so drafts are never matched.
-- Passages of a revision never change once written, so following the chapter row is enough.
CREATE FUNCTION chapter_search_document(p_title TEXT, p_revision_id TEXT) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_revision_id IS NULL THEN NULL ELSE
    setweight(to_tsvector('english', p_title), 'B')
    || coalesce((SELECT to_tsvector('english', string_agg(p.text, ' ' ORDER BY p.position))
                 FROM "Passage" p WHERE p."revisionId" = p_revision_id), ''::tsvector)
  END
$$;

-- Publishing, scheduling, unpublishing (publishedRevisionId) or renaming a chapter: its search
-- document follows, in the same transaction as the write that publishes.
CREATE FUNCTION chapter_search_on_chapter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchDocument" := chapter_search_document(NEW.title, NEW."publishedRevisionId");
  RETURN NEW;
END
$$;
CREATE TRIGGER chapter_search_on_chapter BEFORE INSERT OR UPDATE OF title, "publishedRevisionId" ON "Chapter"
  FOR EACH ROW EXECUTE FUNCTION chapter_search_on_chapter();

UPDATE "Chapter" SET "searchDocument" = chapter_search_document(title, "publishedRevisionId");
