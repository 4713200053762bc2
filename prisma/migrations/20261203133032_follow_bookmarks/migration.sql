-- CreateEnum
CREATE TYPE "MailFrequency" AS ENUM ('instant', 'daily', 'off');

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'chapter';

-- AlterTable
ALTER TABLE "Chapter" ADD COLUMN     "announcedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "storyId" TEXT,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowSetting" (
    "userId" TEXT NOT NULL,
    "mail" "MailFrequency" NOT NULL DEFAULT 'instant',

    CONSTRAINT "FollowSetting_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "DigestItem" (
    "userId" TEXT NOT NULL,
    "chapterId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestItem_pkey" PRIMARY KEY ("userId","chapterId")
);

-- CreateTable
CREATE TABLE "SiteKey" (
    "name" TEXT NOT NULL,
    "secret" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SiteKey_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Bookmark" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Bookmark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReadingHistory" (
    "userId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "chapterId" TEXT,
    "passageKey" TEXT,
    "visitedAt" TIMESTAMP(3),
    "later" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ReadingHistory_pkey" PRIMARY KEY ("userId","storyId")
);

-- CreateIndex
CREATE INDEX "Subscription_storyId_endedAt_idx" ON "Subscription"("storyId", "endedAt");

-- CreateIndex
CREATE INDEX "Subscription_authorId_endedAt_idx" ON "Subscription"("authorId", "endedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_userId_storyId_key" ON "Subscription"("userId", "storyId");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_userId_authorId_key" ON "Subscription"("userId", "authorId");

-- CreateIndex
CREATE INDEX "Bookmark_storyId_public_idx" ON "Bookmark"("storyId", "public");

-- CreateIndex
CREATE UNIQUE INDEX "Bookmark_userId_storyId_key" ON "Bookmark"("userId", "storyId");

-- CreateIndex
CREATE INDEX "ReadingHistory_userId_visitedAt_idx" ON "ReadingHistory"("userId", "visitedAt");

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowSetting" ADD CONSTRAINT "FollowSetting_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestItem" ADD CONSTRAINT "DigestItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bookmark" ADD CONSTRAINT "Bookmark_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bookmark" ADD CONSTRAINT "Bookmark_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadingHistory" ADD CONSTRAINT "ReadingHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadingHistory" ADD CONSTRAINT "ReadingHistory_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Chapters already out when this ships were announced by being out: subscribers (none yet) must
-- not be told of the past. Only chapters that come out from now on are announced.
UPDATE "Chapter" SET "announcedAt" = COALESCE("publishedAt", CURRENT_TIMESTAMP)
WHERE "publishedRevisionId" IS NOT NULL
  AND ("status" = 'published' OR ("status" = 'scheduled' AND "publishAt" <= CURRENT_TIMESTAMP));
