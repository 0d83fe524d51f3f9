// The public face of src/core/participants: import this folder through here from outside it.
export * from './representativeness';
