-- CreateTable
CREATE TABLE "ReadThroughMark" (
    "chapterId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "readerHash" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "passageKey" TEXT NOT NULL,

    CONSTRAINT "ReadThroughMark_pkey" PRIMARY KEY ("chapterId","day","readerHash")
);

-- CreateTable
CREATE TABLE "ReadThroughPassage" (
    "chapterId" TEXT NOT NULL,
    "passageKey" TEXT NOT NULL,
    "readers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReadThroughPassage_pkey" PRIMARY KEY ("chapterId","passageKey")
);

-- CreateIndex
CREATE INDEX "ReadThroughMark_day_idx" ON "ReadThroughMark"("day");

-- AddForeignKey
ALTER TABLE "ReadThroughPassage" ADD CONSTRAINT "ReadThroughPassage_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
