// The public face of src/core/codes: import this folder through here from outside it.
export * from './codebookData';
export * from './codebookOps';
export * from './colors';
export * from './names';
