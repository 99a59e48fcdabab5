export * from './notification-model';
export * from './connect-mongo';
export * from './connect-redis';
export * from './storage-errors';
export * from './notification-mapper';
export * from './status-publisher';
