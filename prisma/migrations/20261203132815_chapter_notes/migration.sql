-- AlterEnum
ALTER TYPE "Convention" ADD VALUE 'none';

-- AlterTable
ALTER TABLE "Chapter" ADD COLUMN     "notesAfter" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "notesBefore" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "summary" TEXT NOT NULL DEFAULT '';
