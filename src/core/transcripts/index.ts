// The public face of src/core/transcripts: import this folder through here from outside it.
export * from './import';
export { parseTranscript } from './parse';
export * from './transcript';
