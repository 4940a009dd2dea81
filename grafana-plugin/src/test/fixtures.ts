/** Shapes the plugin's tests share: app settings over three regions, and an action of the handler's API. */

/** The app's settings with three regions, each with its Prometheus and its handler. */
export const THREE_REGIONS = {
  prometheusUid: 'prom-global',
  regions: [
    { name: 'eu-west-1', prometheusUid: 'prom-eu', handlerUrl: 'http://hooks-eu:9096' },
    { name: 'us-east-1', prometheusUid: 'prom-use', handlerUrl: 'http://hooks-use:9096' },
    { name: 'us-west-2', prometheusUid: 'prom-usw', handlerUrl: 'http://hooks-usw:9096' },
  ],
};

/** A quarantine of a spark-batch time-zone drift waiting for approval, as `/api/v1/actions` returns it. */
export const awaitingApproval = <T extends object>(fields: T) => ({
  id: 'act-1',
  node: 'n1',
  region: 'eu-west-1',
  pool: 'p',
  workload: 'spark-batch',
  dimension: 'spark.sql.session.timeZone',
  severity: 'correctness-risk',
  rule: 'spark-batch/spark.sql.session.timeZone',
  playbook: 'quarantine',
  platform: 'k8s',
  cost: 0,
  progress: {},
  approvalRequired: true,
  mode: 'enforce',
  state: 'awaiting-approval',
  requestedBy: 'plumb-hooks/0',
  createdMs: 0,
  updatedMs: 0,
  canRollback: false,
  ...fields,
});
