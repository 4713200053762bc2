-- CreateIndex
CREATE INDEX "Notification_targetId_idx" ON "Notification"("targetId");
