export { useJob } from './useJob';
export { filterKey, useJobs } from './useJobs';
export { useQueueStats } from './useQueueStats';
