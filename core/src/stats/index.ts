/**
 * Statistics shared by the Grafana plugin and the remediation handler. Pure TypeScript
 * with no dependencies, so it runs in Node and in the browser alike.
 */
export * from './normal';
export * from './rank';
export * from './exact-u';
export * from './mann-whitney';
export * from './stratified';
export * from './effect-size';
export * from './random';
export * from './permutation';
export * from './benjamini-hochberg';
export * from './impact-score';
