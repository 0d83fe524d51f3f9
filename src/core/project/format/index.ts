export * from './codebook';
export * from './codings';
export * from './framework';
export * from './memo';
export * from './participants';
export * from './projectFile';
export * from './parse';
export * from './yamlFile';
