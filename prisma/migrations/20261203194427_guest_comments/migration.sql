-- AlterTable
ALTER TABLE "InlineComment" ADD COLUMN     "guestName" TEXT;

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "guestComments" BOOLEAN NOT NULL DEFAULT false;
