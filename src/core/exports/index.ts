// The public face of src/core/exports: import this folder through here from outside it.
export * from './codebook';
export * from './passages';
export * from './target';
