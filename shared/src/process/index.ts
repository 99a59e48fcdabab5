export * from './run-service';
export * from './settle-within';
