-- CreateEnum
CREATE TYPE "StoryHiddenCause" AS ENUM ('admin', 'owner_suspended');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReportTarget" ADD VALUE 'story';
ALTER TYPE "ReportTarget" ADD VALUE 'user';

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "resolution" TEXT,
ALTER COLUMN "storyId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "hiddenAt" TIMESTAMP(3),
ADD COLUMN     "hiddenCause" "StoryHiddenCause",
ADD COLUMN     "hiddenReason" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "siteAdminAt" TIMESTAMP(3),
ADD COLUMN     "suspendedAt" TIMESTAMP(3),
ADD COLUMN     "suspendedReason" TEXT;

-- CreateTable
CREATE TABLE "AdminAction" (
    "id" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AdminAction_at_idx" ON "AdminAction"("at");

-- CreateIndex
CREATE INDEX "Report_resolvedAt_createdAt_idx" ON "Report"("resolvedAt", "createdAt");
