// The public face of src/core/coding: import this folder through here from outside it.
export * from './edits';
export * from './live';
export * from './selection';
export * from './status';
