// The public face of src/core/output: import this folder through here from outside it.
export * from './csv';
export * from './docx';
export * from './escape';
export * from './markdown';
export * from './page';
export * from './pseudonymise';
export * from './xlsx';
export * from './scanners';
export * from './inertMarkdown';
export * from './pseudonymCandidates';
