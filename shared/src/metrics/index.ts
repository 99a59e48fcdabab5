export * from './notify-metrics';
export * from './queue-depth';
export * from './status-observer';
export * from './metrics-endpoint';
