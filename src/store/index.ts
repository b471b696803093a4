export * from './recording/recording-format.js';
export * from './recording/recording-writer.js';
export * from './recording/recording-file-source.js';
