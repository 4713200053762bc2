-- CreateIndex
CREATE INDEX "Chapter_announcedAt_status_idx" ON "Chapter"("announcedAt", "status");
