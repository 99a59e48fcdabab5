export * from './latency-quantile';
export * from './provider-stats-keys';
export * from './provider-stats-reader';
