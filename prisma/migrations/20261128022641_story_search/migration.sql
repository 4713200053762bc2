-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "searchDocument" tsvector;

-- CreateIndex
CREATE INDEX "Story_searchDocument_idx" ON "Story" USING GIN ("searchDocument");

-- The document search reads (title A, tag names B, summary C — the same weights the query used to
-- build on the fly for every public story at every search). Kept in the same transaction as the
-- writes that change it: the story's own title/summary, its tags, a tag's name.
CREATE FUNCTION story_search_document(p_title TEXT, p_summary TEXT, p_story_id TEXT) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', p_title), 'A')
      || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = p_story_id
         ), '')), 'B')
      || setweight(to_tsvector('english', p_summary), 'C')
$$;

CREATE FUNCTION story_search_on_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchDocument" := story_search_document(NEW.title, NEW.summary, NEW.id);
  RETURN NEW;
END
$$;
CREATE TRIGGER story_search_on_story BEFORE INSERT OR UPDATE OF title, summary ON "Story"
  FOR EACH ROW EXECUTE FUNCTION story_search_on_story();

CREATE FUNCTION story_search_on_tag_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sid TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD."storyId" ELSE NEW."storyId" END;
BEGIN
  UPDATE "Story" SET "searchDocument" = story_search_document(title, summary, id) WHERE id = sid;
  RETURN NULL;
END
$$;
CREATE TRIGGER story_search_on_tag_link AFTER INSERT OR DELETE ON "StoryTag"
  FOR EACH ROW EXECUTE FUNCTION story_search_on_tag_link();

CREATE FUNCTION story_search_on_tag_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Story" s SET "searchDocument" = story_search_document(s.title, s.summary, s.id)
  WHERE s.id IN (SELECT "storyId" FROM "StoryTag" WHERE "tagId" = NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER story_search_on_tag_name AFTER UPDATE OF name ON "Tag"
  FOR EACH ROW EXECUTE FUNCTION story_search_on_tag_name();

UPDATE "Story" SET "searchDocument" = story_search_document(title, summary, id);
