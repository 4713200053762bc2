/*
  Warnings:

  - A unique constraint covering the columns `[userId,seriesId]` on the table `Subscription` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "seriesId" TEXT;

-- CreateTable
CREATE TABLE "Series" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeriesPart" (
    "seriesId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "SeriesPart_pkey" PRIMARY KEY ("seriesId","storyId")
);

-- CreateIndex
CREATE INDEX "Series_ownerId_idx" ON "Series"("ownerId");

-- CreateIndex
CREATE INDEX "SeriesPart_seriesId_position_idx" ON "SeriesPart"("seriesId", "position");

-- CreateIndex
CREATE INDEX "SeriesPart_storyId_idx" ON "SeriesPart"("storyId");

-- CreateIndex
CREATE INDEX "Subscription_seriesId_endedAt_idx" ON "Subscription"("seriesId", "endedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_userId_seriesId_key" ON "Subscription"("userId", "seriesId");

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Series" ADD CONSTRAINT "Series_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesPart" ADD CONSTRAINT "SeriesPart_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesPart" ADD CONSTRAINT "SeriesPart_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;
