// @vitest-environment jsdom
/**
 * The Remediation page against an in-memory stand-in for Grafana's backend service
 * (Grafana itself cannot run here): approve goes to the approver route, the buttons
 * follow the user's Grafana permissions and the handler's role for them, pauses show
 * with who and why, and every response is decoded with the handler's schemas.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { config, setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import { of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, HANDLER_PROXY } from '../constants';
import { awaitingApproval } from '../test/fixtures';
import { testIds } from '../testIds';
import Remediation from './Remediation';

const action = awaitingApproval({});
const done = { ...action, id: 'act-0', state: 'succeeded', canRollback: true };
// A finished restart: the handler has no inverse for it and says so.
const restarted = { ...action, id: 'act-2', playbook: 'restart', state: 'succeeded', canRollback: false };
// Approved by a person, then held back by a pause.
const held = {
  ...action,
  id: 'act-3',
  state: 'deferred',
  approvedBy: 'grace',
  lastRefusal: 'paused: global pause by grace until 2026-03-01T12:00:00.000Z: incident 4711',
};
const activePause = {
  id: 'pause-1',
  scope: 'region',
  region: 'eu-west-1',
  reason: 'incident 4711',
  by: 'grace',
  startedMs: Date.UTC(2026, 2, 1, 10),
  expiresAtMs: Date.UTC(2026, 2, 1, 12),
  active: true,
};
let posted: BackendSrvRequest[] = [];
let handlerRole: string | undefined;
let broken: Record<string, unknown> = {};

beforeEach(() => {
  posted = [];
  handlerRole = 'approver';
  broken = {};
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      if (req.method === 'POST') {
        posted.push(req);
        if (req.url.startsWith(HANDLER_PROXY.pause)) return of({ data: { pause: { ...activePause, active: !req.url.endsWith('/resume') } }, status: 200 });
        return of({ data: { action: { ...action, state: 'approved' } }, status: 200 });
      }
      const path = req.url.replace(HANDLER_PROXY.read, '');
      if (path === '/api/v1/whoami')
        return handlerRole ? of({ data: { name: 'tester', role: handlerRole, via: 'grafana' }, status: 200 }) : throwError(() => ({ status: 401, data: {} }));
      const data = {
        '/api/v1/actions': { actions: [action, done, restarted, held] },
        '/api/v1/pause': { pauses: [activePause, { ...activePause, id: 'pause-0', active: false, endedMs: 0, endedBy: 'otto' }] },
        '/api/v1/approvals': { approvals: [action] },
        '/api/v1/budget': { budget: [{ region: 'eu-west-1', runningTasks: 1000, limitTasks: 10, usedTasks: 3, dryRunUsedTasks: 0, windowMs: 3_600_000 }] },
        '/api/v1/audit': { records: [] },
        ...broken,
      }[path];
      return data ? of({ data, status: 200 }) : throwError(() => ({ status: 404, data: { message: `no ${path}` } }));
    },
  } as unknown as BackendSrv);
});
afterEach(cleanup);

function signIn(permissions: string[]) {
  (config.bootData as unknown as { user: object }).user = {
    login: 'tester',
    orgRole: 'Viewer',
    permissions: Object.fromEntries(permissions.map((p) => [p, true])),
  };
}

describe('the remediation page', () => {
  it('sends an approval through the approver route with the Grafana user named in the comment.', async () => {
    signIn([ACTIONS.read, ACTIONS.approve]);
    render(<Remediation settings={{}} />);
    fireEvent.click(await screen.findByTestId(testIds.remediation.approve('act-1')));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({ url: `${HANDLER_PROXY.approve}/api/v1/actions/act-1/approve`, data: { comment: 'via Grafana by tester' } });
  });
  it.each([
    ['a viewer', [ACTIONS.read], 'approver', false, false],
    ['an operator', [ACTIONS.read, ACTIONS.rollback], 'operator', false, true],
    ['an approver', [ACTIONS.read, ACTIONS.approve], 'approver', true, false],
    ['a Grafana admin the handler does not name an approver', [ACTIONS.read, ACTIONS.approve, ACTIONS.rollback], 'viewer', false, false],
    ['a user the handler cannot identify', [ACTIONS.read, ACTIONS.approve, ACTIONS.rollback], undefined, false, false],
  ])('shows %s only the buttons their permissions and handler role allow.', async (_n, perms, role, approve, rollback) => {
    signIn(perms);
    handlerRole = role;
    render(<Remediation settings={{}} />);
    await screen.findByTestId(testIds.remediation.budget);
    expect(Boolean(screen.queryByTestId(testIds.remediation.approve('act-1')))).toBe(approve);
    expect(Boolean(screen.queryByTestId(testIds.remediation.rollback('act-0')))).toBe(rollback);
  });
  it('offers no rollback the handler would refuse, even to an operator.', async () => {
    signIn([ACTIONS.read, ACTIONS.rollback]);
    render(<Remediation settings={{}} />);
    await screen.findByTestId(testIds.remediation.rollback('act-0'));
    expect(screen.queryByTestId(testIds.remediation.rollback('act-2'))).toBeNull();
  });
  it('shows an active pause with its scope, reason, who and expiry, and resumes it through the pause route.', async () => {
    signIn([ACTIONS.read, ACTIONS.approve]);
    render(<Remediation settings={{}} />);
    const banner = await screen.findByTestId(testIds.remediation.pause('pause-1'));
    expect(banner.textContent).toContain('Remediation paused in region eu-west-1');
    expect(banner.textContent).toContain('incident 4711 — paused by grace at 2026-03-01 10:00:00Z, until 2026-03-01 12:00:00Z');
    expect(screen.queryByTestId(testIds.remediation.pause('pause-0'))).toBeNull();
    fireEvent.click(screen.getByTestId(testIds.remediation.resume('pause-1')));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({ url: `${HANDLER_PROXY.pause}/api/v1/pause/pause-1/resume`, data: { comment: 'via Grafana by tester' } });
  });
  it('offers no resume and no pause form to a viewer.', async () => {
    signIn([ACTIONS.read]);
    render(<Remediation settings={{}} />);
    await screen.findByTestId(testIds.remediation.pause('pause-1'));
    expect(screen.queryByTestId(testIds.remediation.resume('pause-1'))).toBeNull();
    expect(screen.queryByTestId(testIds.remediation.pauseForm)).toBeNull();
  });
  it('sends a pause with scope, target, reason and expiry through the pause route.', async () => {
    signIn([ACTIONS.read, ACTIONS.approve]);
    render(<Remediation settings={{}} />);
    const form = await screen.findByTestId(testIds.remediation.pauseForm);
    fireEvent.click(within(form).getByLabelText('workload'));
    fireEvent.change(screen.getByTestId(testIds.remediation.pauseTarget), { target: { value: 'spark-batch' } });
    fireEvent.change(screen.getByTestId(testIds.remediation.pauseReason), { target: { value: 'bad rollout' } });
    fireEvent.click(screen.getByTestId(testIds.remediation.pauseSubmit));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({
      url: `${HANDLER_PROXY.pause}/api/v1/pause`,
      data: { scope: 'workload', workload: 'spark-batch', reason: 'bad rollout', expiresInMinutes: 60 },
    });
  });
  it('names the person behind each request and approval, and says why an action waits.', async () => {
    signIn([ACTIONS.read]);
    render(<Remediation settings={{}} />);
    expect((await screen.findByTestId(testIds.remediation.people('act-3'))).textContent).toBe('requested by plumb-hooks/0 · approved by grace');
    expect(screen.getByTestId(testIds.remediation.people('act-1')).textContent).toBe('requested by plumb-hooks/0 · not approved yet');
    expect(screen.getByTestId(testIds.remediation.why('act-3')).textContent).toBe('paused global pause by grace until 2026-03-01T12:00:00.000Z: incident 4711');
    expect(screen.getByTestId(testIds.remediation.identity).textContent).toContain('tester (approver)');
  });
  it('shows an error naming the field when the handler answers with a body its schema does not allow.', async () => {
    signIn([ACTIONS.read]);
    broken = { '/api/v1/budget': { budget: [{ region: 'eu-west-1', runningTasks: 'many' }] } };
    render(<Remediation settings={{}} />);
    expect((await screen.findByTestId(testIds.error)).textContent).toContain('budget.0.runningTasks');
  });
});
