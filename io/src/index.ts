export * from './args';
export * from './io';
export * from './ports';
export * from './problems-output';
export * from './salt';
export * from './salt-source';
export * from './spec-file';
export * from './write-files';
