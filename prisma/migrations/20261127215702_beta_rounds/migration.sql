-- CreateEnum
CREATE TYPE "FeedbackResolution" AS ENUM ('open', 'accepted', 'resolved', 'dismissed');

-- CreateEnum
CREATE TYPE "BetaRoundStatus" AS ENUM ('open', 'closed');

-- AlterTable
ALTER TABLE "InlineComment" ADD COLUMN     "betaRoundId" TEXT,
ADD COLUMN     "resolution" "FeedbackResolution" NOT NULL DEFAULT 'open',
ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedById" TEXT;

-- CreateTable
CREATE TABLE "BetaRound" (
    "id" TEXT NOT NULL,
    "chapterId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "openedById" TEXT NOT NULL,
    "status" "BetaRoundStatus" NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "BetaRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BetaInvite" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "userId" TEXT,
    "tokenHash" BYTEA,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BetaInvite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BetaVerdict" (
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BetaVerdict_pkey" PRIMARY KEY ("roundId","userId")
);

-- CreateIndex
CREATE INDEX "BetaRound_chapterId_createdAt_idx" ON "BetaRound"("chapterId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BetaInvite_tokenHash_key" ON "BetaInvite"("tokenHash");

-- CreateIndex
CREATE INDEX "BetaInvite_roundId_idx" ON "BetaInvite"("roundId");

-- CreateIndex
CREATE INDEX "BetaInvite_userId_idx" ON "BetaInvite"("userId");

-- CreateIndex
CREATE INDEX "InlineComment_betaRoundId_idx" ON "InlineComment"("betaRoundId");

-- AddForeignKey
ALTER TABLE "InlineComment" ADD CONSTRAINT "InlineComment_betaRoundId_fkey" FOREIGN KEY ("betaRoundId") REFERENCES "BetaRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlineComment" ADD CONSTRAINT "InlineComment_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaRound" ADD CONSTRAINT "BetaRound_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaRound" ADD CONSTRAINT "BetaRound_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ChapterRevision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaRound" ADD CONSTRAINT "BetaRound_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaInvite" ADD CONSTRAINT "BetaInvite_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "BetaRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaInvite" ADD CONSTRAINT "BetaInvite_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaVerdict" ADD CONSTRAINT "BetaVerdict_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "BetaRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BetaVerdict" ADD CONSTRAINT "BetaVerdict_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
