// @vitest-environment jsdom
/**
 * The global view of the Remediation page over three regions' handlers, against an in-memory
 * stand-in for Grafana's backend service: every answering region's approvals and budgets
 * appear together, a decision goes to the handler of the action's region, and a region whose
 * handler does not answer is named as unknown rather than left out.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { config, setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import { of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regionsOf } from '../api/regions';
import { ACTIONS } from '../constants';
import { testIds } from '../testIds';
import Remediation from './Remediation';

const settings = {
  prometheusUid: 'prom-global',
  regions: [
    { name: 'eu-west-1', prometheusUid: 'prom-eu', handlerUrl: 'http://hooks-eu:9096' },
    { name: 'us-east-1', prometheusUid: 'prom-use', handlerUrl: 'http://hooks-use:9096' },
    { name: 'us-west-2', prometheusUid: 'prom-usw', handlerUrl: 'http://hooks-usw:9096' },
  ],
};
const regions = regionsOf(settings);

const waiting = (id: string, region: string, createdMs: number) => ({
  id,
  node: `${region}-n1`,
  region,
  pool: 'p',
  workload: 'spark-batch',
  dimension: 'spark.sql.session.timeZone',
  severity: 'correctness-risk',
  rule: 'spark-batch/spark.sql.session.timeZone',
  playbook: 'quarantine',
  approvalRequired: true,
  mode: 'enforce',
  state: 'awaiting-approval',
  requestedBy: 'plumb-hooks-0',
  createdMs,
  updatedMs: createdMs,
  canRollback: false,
});
const budget = (region: string, usedTasks: number) => ({ region, runningTasks: 1000, limitTasks: 10, usedTasks, dryRunUsedTasks: 0, windowMs: 3_600_000 });
const perRoute: Record<string, { action: ReturnType<typeof waiting>; budget: ReturnType<typeof budget> }> = {
  'hooks-r0': { action: waiting('act-eu', 'eu-west-1', 1), budget: budget('eu-west-1', 3) },
  'hooks-r1': { action: waiting('act-use', 'us-east-1', 2), budget: budget('us-east-1', 7) },
};
let posted: BackendSrvRequest[] = [];

beforeEach(() => {
  posted = [];
  (config.bootData as unknown as { user: object }).user = {
    login: 'tester',
    orgRole: 'Viewer',
    permissions: { [ACTIONS.read]: true, [ACTIONS.approve]: true },
  };
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      const m = /^\/api\/plugin-proxy\/plumb-app\/([^/]+)(\/.*)$/.exec(req.url);
      const [route, path] = [m?.[1] ?? '', m?.[2] ?? ''];
      if (req.method === 'POST') {
        posted.push(req);
        return of({ data: { action: {} }, status: 200 });
      }
      const r = perRoute[route];
      if (!r) return throwError(() => ({ status: 502, data: { message: 'bad gateway' } }));
      const data = {
        '/api/v1/actions': { actions: [r.action] },
        '/api/v1/approvals': { approvals: [r.action] },
        '/api/v1/budget': { budget: [r.budget] },
        '/api/v1/audit': { records: [] },
      }[path];
      return data ? of({ data, status: 200 }) : throwError(() => ({ status: 404, data: { message: `no ${path}` } }));
    },
  } as unknown as BackendSrv);
});
afterEach(cleanup);

describe('the remediation page across regions', () => {
  it('The global view lists the approvals of every region that answers, oldest first.', async () => {
    render(<Remediation settings={settings} regions={regions} />);
    const approvals = await screen.findByTestId(testIds.remediation.approvals);
    await within(approvals).findByTestId(testIds.remediation.approve('act-use'));
    const text = approvals.textContent ?? '';
    expect(text).toContain('Pending approvals (2)');
    expect(text.indexOf('eu-west-1-n1')).toBeLessThan(text.indexOf('us-east-1-n1'));
  });

  it('Budgets of every answering region appear side by side.', async () => {
    render(<Remediation settings={settings} regions={regions} />);
    const budgets = await screen.findByTestId(testIds.remediation.budget);
    await waitFor(() => expect(budgets.textContent).toContain('us-east-1'));
    expect(budgets.textContent).toContain('eu-west-1');
  });

  it('An approval goes to the handler of the region that owns the action.', async () => {
    render(<Remediation settings={settings} regions={regions} />);
    fireEvent.click(await screen.findByTestId(testIds.remediation.approve('act-use')));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]?.url).toBe('/api/plugin-proxy/plumb-app/hooks-approve-r1/api/v1/actions/act-use/approve');
  });

  it('A region whose handler does not answer is named as unknown, not dropped.', async () => {
    render(<Remediation settings={settings} regions={regions} />);
    const gone = await screen.findByTestId(testIds.remediation.unavailable('us-west-2'));
    expect(gone.textContent).toContain('us-west-2');
    expect(gone.textContent).toContain('unknown');
    expect(screen.queryByTestId(testIds.remediation.unavailable('eu-west-1'))).toBeNull();
  });

  it("One region selected reads that region's handler alone.", async () => {
    render(<Remediation settings={settings} regions={[regions[1]!]} />);
    await screen.findByTestId(testIds.remediation.approve('act-use'));
    expect(screen.queryByTestId(testIds.remediation.approve('act-eu'))).toBeNull();
    expect(screen.queryByTestId(testIds.remediation.unavailable('us-west-2'))).toBeNull();
  });
});
