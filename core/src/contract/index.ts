/** The contract between Plumb's parts: metric, record and alert names, labels, severities, action states. */
export * from './actions';
export * from './changelog';
export * from './kubernetes';
export * from './metrics';
export * from './render';
export * from './severity';
export * from './symptoms';
