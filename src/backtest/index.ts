export * from './replay.js';
export * from './replay-pipeline.js';
export * from './recording-merge.js';
export * from './seed-event.js';
export * from './synthetic-recording.js';
export * from './counting-strategy.js';
export * from './sim/index.js';
export * from './report/index.js';
