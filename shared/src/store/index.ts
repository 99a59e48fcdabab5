export * from './campaign-model';
export * from './connect-mongo';
export * from './connect-redis';
export * from './connect-stores';
export * from './storage-errors';
export * from './retry-transient';
export * from './status-publisher';
export * from './worker-registry';
