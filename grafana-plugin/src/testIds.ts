/** Test ids shared by the component tests and the browser tests. */
export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    handlerUrl: 'data-testid ac-handler-url',
    prometheusUid: 'data-testid ac-prometheus-uid',
    submit: 'data-testid ac-submit-form',
  },
  nav: { link: (route: string) => `data-testid nav-${route}` },
  overview: {
    container: 'data-testid overview',
    compliance: 'data-testid overview-compliance',
    unknown: 'data-testid overview-unknown',
    freshness: 'data-testid overview-freshness',
    quarantined: 'data-testid overview-quarantined',
    budget: 'data-testid overview-budget',
    topImpact: 'data-testid overview-top-impact',
  },
  drift: {
    container: 'data-testid drift',
    filters: 'data-testid drift-filters',
    dimension: (d: string) => `data-testid drift-dimension-${d}`,
    nodeLink: (n: string) => `data-testid drift-node-${n}`,
    nodeDiff: 'data-testid drift-node-diff',
    flapping: 'data-testid drift-flapping',
  },
  impact: { container: 'data-testid impact', row: (rank: number) => `data-testid impact-row-${rank}` },
  remediation: {
    container: 'data-testid remediation',
    queue: 'data-testid remediation-queue',
    approvals: 'data-testid remediation-approvals',
    approve: (id: string) => `data-testid approve-${id}`,
    reject: (id: string) => `data-testid reject-${id}`,
    rollback: (id: string) => `data-testid rollback-${id}`,
    budget: 'data-testid remediation-budget',
    audit: 'data-testid remediation-audit',
    chain: 'data-testid remediation-chain',
    unavailable: (region: string) => `data-testid remediation-unavailable-${region}`,
  },
  regions: {
    selector: 'data-testid region-selector',
  },
  error: 'data-testid plumb-error',
};
