// The public face of src/core/project: import this folder through here from outside it.
export * from './format';
export * from './history';
export * from './init';
export * from './memoLinks';
export * from './merge';
export * from './project';
export * from './rename';
export * from './state';
export * from './store';
export * from './validate';
