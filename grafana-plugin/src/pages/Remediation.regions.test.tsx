// @vitest-environment jsdom
/**
 * The global view of the Remediation page over three regions' handlers, against an in-memory
 * stand-in for Grafana's backend service: every answering region's approvals and budgets
 * appear together, a decision goes to the handler of the action's region, and a region whose
 * handler does not answer is named as unknown rather than left out. Pauses and the person's
 * role are each region's handler's: a region's pauses are listed and resumed there, a new
 * pause needs one region chosen, and buttons follow the role in the action's region.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { config, setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import { of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regionsOf } from '../api/regions';
import { ACTIONS } from '../constants';
import { awaitingApproval, THREE_REGIONS } from '../test/fixtures';
import { testIds } from '../testIds';
import Remediation from './Remediation';

const settings = THREE_REGIONS;
const regions = regionsOf(settings);

const waiting = (id: string, region: string, createdMs: number) =>
  awaitingApproval({ id, node: `${region}-n1`, region, requestedBy: 'plumb-hooks-0', createdMs, updatedMs: createdMs });
const budget = (region: string, usedTasks: number) => ({ region, runningTasks: 1000, limitTasks: 10, usedTasks, dryRunUsedTasks: 0, windowMs: 3_600_000 });
const paused = (id: string, region: string) => ({
  id,
  scope: 'region',
  region,
  reason: `incident in ${region}`,
  by: 'grace',
  startedMs: Date.UTC(2026, 2, 1, 10),
  expiresAtMs: Date.UTC(2026, 2, 1, 12),
  active: true,
});
type RegionState = { action: ReturnType<typeof waiting>; budget: ReturnType<typeof budget>; pause: ReturnType<typeof paused> };
const perRoute: Record<string, RegionState> = {
  'hooks-r0': { action: waiting('act-eu', 'eu-west-1', 1), budget: budget('eu-west-1', 3), pause: paused('pause-eu', 'eu-west-1') },
  'hooks-r1': { action: waiting('act-use', 'us-east-1', 2), budget: budget('us-east-1', 7), pause: paused('pause-use', 'us-east-1') },
};
// The role each region's handler gives the signed-in person (its own auth.grafana lists).
let roles: Record<string, string> = {};
let posted: BackendSrvRequest[] = [];

beforeEach(() => {
  posted = [];
  roles = { 'hooks-r0': 'approver', 'hooks-r1': 'approver' };
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
        const owner = perRoute[route.replace(/^hooks-(approve|rollback|pause)-/, 'hooks-')];
        if (route.startsWith('hooks-pause-')) return of({ data: { pause: owner?.pause }, status: 200 });
        return of({ data: { action: owner?.action }, status: 200 });
      }
      const r = perRoute[route];
      if (!r) return throwError(() => ({ status: 502, data: { message: 'bad gateway' } }));
      const data = {
        '/api/v1/actions': { actions: [r.action] },
        '/api/v1/approvals': { approvals: [r.action] },
        '/api/v1/budget': { budget: [r.budget] },
        '/api/v1/audit': { records: [] },
        '/api/v1/pause': { pauses: [r.pause] },
        '/api/v1/whoami': { name: 'tester', role: roles[route], via: 'grafana' },
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

  it("Buttons follow the person's role in the action's region: an approver in one region may be a viewer in another.", async () => {
    roles = { 'hooks-r0': 'viewer', 'hooks-r1': 'approver' };
    render(<Remediation settings={settings} regions={regions} />);
    await screen.findByTestId(testIds.remediation.approve('act-use'));
    expect(screen.queryByTestId(testIds.remediation.approve('act-eu'))).toBeNull();
    expect(screen.getByTestId(testIds.remediation.identity).textContent).toContain('eu-west-1: The handler knows you as tester (viewer).');
  });

  it("The global view lists every region's pauses, and a resume goes to the handler of the pause's region.", async () => {
    render(<Remediation settings={settings} regions={regions} />);
    await screen.findByTestId(testIds.remediation.pause('pause-eu'));
    fireEvent.click(await screen.findByTestId(testIds.remediation.resume('pause-use')));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]?.url).toBe('/api/plugin-proxy/plumb-app/hooks-pause-r1/api/v1/pause/pause-use/resume');
  });

  it("The global view offers no pause form: it asks to choose a region, since each pause is one handler's.", async () => {
    render(<Remediation settings={settings} regions={regions} />);
    expect((await screen.findByTestId(testIds.remediation.pauseNeedsRegion)).textContent).toContain('choose a region');
    expect(screen.queryByTestId(testIds.remediation.pauseForm)).toBeNull();
  });

  it("With one region selected, a pause goes to that region's handler.", async () => {
    render(<Remediation settings={settings} regions={[regions[1]!]} />);
    fireEvent.change(await screen.findByTestId(testIds.remediation.pauseReason), { target: { value: 'bad rollout' } });
    fireEvent.click(screen.getByTestId(testIds.remediation.pauseSubmit));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]?.url).toBe('/api/plugin-proxy/plumb-app/hooks-pause-r1/api/v1/pause');
  });
});
