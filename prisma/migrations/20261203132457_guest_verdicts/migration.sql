-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "guestVerdicts" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "GuestVerdict" (
    "id" TEXT NOT NULL,
    "chapterId" TEXT NOT NULL,
    "browserKey" TEXT NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuestVerdict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReaderSalt" (
    "day" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReaderSalt_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE UNIQUE INDEX "GuestVerdict_chapterId_browserKey_key" ON "GuestVerdict"("chapterId", "browserKey");

-- AddForeignKey
ALTER TABLE "GuestVerdict" ADD CONSTRAINT "GuestVerdict_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A guest's verdict changes the "N yay · M nay" readers see, so it makes cached pages stale.
CREATE TRIGGER content_version AFTER INSERT OR DELETE OR UPDATE ON public."GuestVerdict" FOR EACH ROW EXECUTE FUNCTION content_version_by_chapter();
