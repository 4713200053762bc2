-- CreateEnum
CREATE TYPE "StoryRating" AS ENUM ('general', 'teen', 'mature', 'explicit', 'not_rated');

-- CreateEnum
CREATE TYPE "ArchiveWarning" AS ENUM ('creator_chose_not_to_use', 'graphic_violence', 'major_character_death', 'no_warnings_apply', 'rape_non_con', 'underage');

-- CreateEnum
CREATE TYPE "StoryCompletion" AS ENUM ('in_progress', 'complete');

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "completion" "StoryCompletion" NOT NULL DEFAULT 'in_progress',
ADD COLUMN     "expectedChapters" INTEGER,
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "rating" "StoryRating" NOT NULL DEFAULT 'not_rated',
ADD COLUMN     "warnings" "ArchiveWarning"[] DEFAULT ARRAY['creator_chose_not_to_use']::"ArchiveWarning"[];

-- CreateIndex
CREATE INDEX "Story_rating_idx" ON "Story"("rating");

-- CreateIndex
CREATE INDEX "Story_warnings_idx" ON "Story" USING GIN ("warnings");

-- CreateIndex
CREATE INDEX "Story_completion_idx" ON "Story"("completion");

-- CreateIndex
CREATE INDEX "Story_language_idx" ON "Story"("language");
