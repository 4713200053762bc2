export { enqueue, type EnqueueOptions, type Enqueued, type JobClient, type JobPayload } from './queue';
export {
  createWorker,
  retryDelaySeconds,
  type JobContext,
  type Schedule,
  type TaskHandler,
  type Worker,
  type WorkerOptions,
} from './worker';
export { jobStats, pruneFinishedJobs, type JobStats } from './admin';
