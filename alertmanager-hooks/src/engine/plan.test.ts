import { describe, expect, it } from 'vitest';
import { actionId, classifyAlert, planFromAlert } from './plan';
import { modeFor } from './modes';

const drift = {
  alertname: 'PlumbConfigDrift',
  node: 'n1',
  instance: 'n1:9100',
  region: 'eu-west-1',
  instance_type: 'r6i',
  pool: 'spark',
  platform: 'k8s',
  workload: 'spark-streaming',
  dimension: 'spark.sql.session.timeZone',
  severity: 'correctness-risk',
  playbook: 'quarantine',
  approval: 'required',
  rule: 'spark-streaming/spark.sql.session.timeZone',
};

describe('classifyAlert', () => {
  it.each([
    ['recognises drift alerts', { alertname: 'PlumbConfigDrift' }, 'drift'],
    ['recognises the widespread alert by its class', { alertname: 'X', plumb_class: 'circuit-breaker' }, 'widespread'],
    ['recognises symptom SLO alerts', { alertname: 'PlumbSymptomSLOBreach', plumb_class: 'symptom-slo' }, 'symptom-slo'],
    ['recognises unknown-node alerts', { alertname: 'PlumbNodeUnknown', plumb_class: 'unknown' }, 'unknown'],
    ['leaves other alerts alone', { alertname: 'Watchdog' }, 'other'],
  ])('%s', (_n, labels, cls) => expect(classifyAlert(labels)).toBe(cls));
});

describe('planFromAlert', () => {
  it.each([
    ['plans the playbook the alert names', drift, { ok: true, playbook: 'quarantine', approvalRequired: true }],
    [
      'needs no approval when the alert says none',
      { ...drift, playbook: 'restart', approval: 'none' },
      { ok: true, playbook: 'restart', approvalRequired: false },
    ],
    ['treats a misspelt approval as required', { ...drift, approval: 'nope' }, { ok: true, playbook: 'quarantine', approvalRequired: true }],
    ['records only when the playbook is none', { ...drift, playbook: 'none' }, { ok: false }],
    ['refuses an unknown playbook', { ...drift, playbook: 'reboot' }, { ok: false }],
    ['refuses an alert without a node label', { ...drift, node: '' }, { ok: false }],
  ])('%s', (_n, labels, expected) => {
    const plan = planFromAlert(labels);
    expect(plan.ok).toBe(expected.ok);
    if (plan.ok) expect({ ok: true, playbook: plan.plan.playbook, approvalRequired: plan.plan.approvalRequired }).toEqual(expected);
  });

  const spec = new Map([
    [drift.rule, { action: 'quarantine', approval: 'required' as const }],
    ['spark-streaming/fetch.min.bytes', { action: 'restart', approval: 'none' as const }],
  ]);
  const fetch = { ...drift, dimension: 'fetch.min.bytes', rule: 'spark-streaming/fetch.min.bytes', playbook: 'restart', approval: 'none' };
  it.each([
    ['follows the spec when the labels agree with it', drift, { ok: true, playbook: 'quarantine', approvalRequired: true }],
    ['refuses labels asking for a more disruptive playbook than the spec', { ...drift, playbook: 'drain', approval: 'none' }, { ok: false, forged: true }],
    [
      'keeps the approval the spec requires when the labels say none',
      { ...drift, approval: 'none' },
      { ok: true, playbook: 'quarantine', approvalRequired: true },
    ],
    [
      'lets the labels ask for approval the spec does not require',
      { ...fetch, approval: 'required' },
      { ok: true, playbook: 'restart', approvalRequired: true },
    ],
    ['lets the labels ask to record only', { ...fetch, playbook: 'none' }, { ok: false }],
    ['refuses a rule the spec does not define', { ...drift, dimension: 'made.up', rule: 'spark-streaming/made.up' }, { ok: false, forged: true }],
    [
      'refuses a rule label that names another dimension than the alert',
      { ...fetch, rule: drift.rule, playbook: 'quarantine', approval: 'required' },
      { ok: false, forged: true },
    ],
  ])('with the spec loaded, %s', (_n, labels, expected) => {
    const plan = planFromAlert(labels, spec);
    expect(plan.ok).toBe(expected.ok);
    if (plan.ok) expect({ ok: true, playbook: plan.plan.playbook, approvalRequired: plan.plan.approvalRequired }).toEqual(expected);
    else expect(plan.forged ?? false).toBe('forged' in expected);
  });

  it('takes the playbook from the spec when the alert carries none', () => {
    const { playbook: _p, approval: _a, ...bare } = drift;
    const plan = planFromAlert(bare, new Map([[drift.rule, { action: 'restart', approval: 'none' as const }]]));
    expect(plan.ok && plan.plan.playbook).toBe('restart');
  });
});

describe('actionId', () => {
  it('is the same for the same episode whatever the timestamp notation', () => {
    expect(actionId('fp', '2026-01-01T00:00:00Z', 'restart')).toBe(actionId('fp', '2026-01-01T00:00:00.000Z', 'restart'));
  });
  it('differs for a new episode of the same alert', () => {
    expect(actionId('fp', '2026-01-01T00:00:00Z', 'restart')).not.toBe(actionId('fp', '2026-01-02T00:00:00Z', 'restart'));
  });
});

describe('modeFor', () => {
  const rules = [
    { region: '*', workload: '*', mode: 'observe' as const },
    { region: 'eu-west-1', workload: '*', mode: 'dry-run' as const },
    { region: 'eu-west-1', workload: 'dbt-runner', mode: 'enforce' as const },
    { region: '*', workload: 'kafka-consumer', mode: 'enforce' as const },
  ];
  it.each([
    ['prefers region and workload together', 'eu-west-1', 'dbt-runner', 'enforce'],
    ['prefers the region over a workload wildcard', 'eu-west-1', 'kafka-consumer', 'dry-run'],
    ['uses a workload rule in other regions', 'us-east-1', 'kafka-consumer', 'enforce'],
    ['falls back to the catch-all rule', 'us-east-1', 'spark-batch', 'observe'],
  ])('%s', (_n, region, workload, mode) => expect(modeFor(rules, 'dry-run', region, workload)).toBe(mode));
  it('defaults to dry-run without rules', () => expect(modeFor([], 'dry-run', 'x', 'y')).toBe('dry-run'));
});
