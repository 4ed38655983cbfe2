export type { ClaimedJob, EnqueueInput } from './jobs.repository.ts';
export { claimJob, enqueueJob, jobBacklog, releaseJobs } from './jobs.repository.ts';
export type { JobContext, JobHandler } from './worker.ts';
export { JobWorker } from './worker.ts';
