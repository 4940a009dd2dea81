import { describe, expect, it } from 'vitest';
import { countTasks, podTasks, type NodeFacts, type PodFacts, type TaskWeight } from './tasks';

const pod = (over: Partial<PodFacts>): PodFacts => ({
  namespace: 'data',
  name: 'p',
  uid: 'u',
  node: 'n1',
  phase: 'Running',
  labels: {},
  ownerKind: undefined,
  terminating: false,
  ...over,
});
const selectors = { 'spark-streaming': { app: 'spark', 'spark-app': 'stream' }, 'airflow-worker': { app: 'airflow', component: 'worker' } };
const weights: TaskWeight[] = [
  { podLabels: { 'spark-role': 'executor' }, tasks: 1 },
  { podLabels: { app: 'airflow', component: 'worker' }, tasks: 16 },
];

describe('podTasks', () => {
  it.each([
    ['counts an Airflow worker as its slots', pod({ labels: { app: 'airflow', component: 'worker' } }), 16],
    ['counts a Spark executor as one task', pod({ labels: { app: 'spark', 'spark-app': 'stream', 'spark-role': 'executor' } }), 1],
    ['counts a data pod without a weight rule as the default', pod({ labels: { 'plumb.dev/workload': 'dbt-runner' } }), 2],
    ['counts system pods as zero', pod({ labels: { app: 'kube-proxy' } }), 0],
    ['counts a terminating pod as zero', pod({ labels: { 'plumb.dev/workload': 'dbt-runner' }, terminating: true }), 0],
    ['counts a finished pod as zero', pod({ labels: { 'plumb.dev/workload': 'dbt-runner' }, phase: 'Succeeded' }), 0],
  ])('%s', (_n, p, expected) => expect(podTasks(p, selectors, weights, 2)).toBe(expected));
});

describe('countTasks', () => {
  it('sums tasks per region and per node and workload', () => {
    const nodes = new Map<string, NodeFacts>([
      ['n1', { name: 'n1', region: 'eu', pool: 'p', outOfService: false, ready: true, heldBy: undefined }],
      ['n2', { name: 'n2', region: 'us', pool: 'p', outOfService: false, ready: true, heldBy: undefined }],
    ]);
    const pods = [
      pod({ node: 'n1', labels: { app: 'airflow', component: 'worker' } }),
      pod({ node: 'n1', labels: { 'plumb.dev/workload': 'dbt-runner' } }),
      pod({ node: 'n2', labels: { 'plumb.dev/workload': 'dbt-runner' } }),
    ];
    const counts = countTasks(pods, nodes, selectors, weights, 1);
    expect(Object.fromEntries(counts.byRegion)).toEqual({ eu: 17, us: 1 });
    expect(counts.byNode.get('n1')?.byWorkload.get('airflow-worker')).toBe(16);
  });
});
