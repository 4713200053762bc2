-- CreateTable
CREATE TABLE "StagedUpload" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "chapterId" TEXT,
    "baseRevisionId" TEXT,
    "format" "InputFormat" NOT NULL,
    "fileName" TEXT NOT NULL DEFAULT '',
    "source" BYTEA NOT NULL,
    "settings" JSONB NOT NULL,
    "parsed" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StagedUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StagedUpload_userId_createdAt_idx" ON "StagedUpload"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "StagedUpload_createdAt_idx" ON "StagedUpload"("createdAt");

-- AddForeignKey
ALTER TABLE "StagedUpload" ADD CONSTRAINT "StagedUpload_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StagedUpload" ADD CONSTRAINT "StagedUpload_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;
