-- CreateTable
CREATE TABLE "GuestReadMark" (
    "chapterId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "readerHash" TEXT NOT NULL,

    CONSTRAINT "GuestReadMark_pkey" PRIMARY KEY ("chapterId","day","readerHash")
);

-- CreateTable
CREATE TABLE "GuestReadDay" (
    "chapterId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "reads" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GuestReadDay_pkey" PRIMARY KEY ("chapterId","day")
);

-- CreateIndex
CREATE INDEX "GuestReadMark_day_idx" ON "GuestReadMark"("day");

-- AddForeignKey
ALTER TABLE "GuestReadDay" ADD CONSTRAINT "GuestReadDay_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
