export * from './codebook';
export * from './codings';
export * from './memo';
export * from './participants';
export * from './projectFile';
export type { Parsed } from './parse';
export { withFile, type FileProblem } from './yamlFile';
