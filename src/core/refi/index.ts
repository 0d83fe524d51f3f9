// The public face of src/core/refi: import this folder through here from outside it.
export * from './qdc';
export * from './qdcImport';
