/** Impact ranking: drift cohorts correlated with data symptoms. Pure; no I/O. */
export * from './types';
export * from './cohorts';
export * from './compare';
export * from './rank';
export * from './from-prometheus';
