// @vitest-environment jsdom
/**
 * The Remediation page against an in-memory stand-in for Grafana's backend service
 * (Grafana itself cannot run here): approve goes to the approver route, and the buttons
 * follow the user's permissions.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { config, setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import { of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, HANDLER_PROXY } from '../constants';
import { testIds } from '../testIds';
import Remediation from './Remediation';

const action = {
  id: 'act-1',
  node: 'n1',
  region: 'eu-west-1',
  pool: 'p',
  workload: 'spark-batch',
  dimension: 'spark.sql.session.timeZone',
  severity: 'correctness-risk',
  rule: 'spark-batch/spark.sql.session.timeZone',
  playbook: 'quarantine',
  approvalRequired: true,
  mode: 'enforce',
  state: 'awaiting-approval',
  requestedBy: 'plumb-hooks/0',
  createdMs: 0,
  updatedMs: 0,
  canRollback: false,
};
const done = { ...action, id: 'act-0', state: 'succeeded', canRollback: true };
// A finished restart: the handler has no inverse for it and says so.
const restarted = { ...action, id: 'act-2', playbook: 'restart', state: 'succeeded', canRollback: false };
let posted: BackendSrvRequest[] = [];

beforeEach(() => {
  posted = [];
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      if (req.method === 'POST') {
        posted.push(req);
        return of({ data: { action: { ...action, state: 'approved' } }, status: 200 });
      }
      const path = req.url.replace(HANDLER_PROXY.read, '');
      const data = {
        '/api/v1/actions': { actions: [action, done, restarted] },
        '/api/v1/approvals': { approvals: [action] },
        '/api/v1/budget': { budget: [{ region: 'eu-west-1', runningTasks: 1000, limitTasks: 10, usedTasks: 3, dryRunUsedTasks: 0, windowMs: 3_600_000 }] },
        '/api/v1/audit': { records: [] },
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
    ['a viewer', [ACTIONS.read], false, false],
    ['an operator', [ACTIONS.read, ACTIONS.rollback], false, true],
    ['an approver', [ACTIONS.read, ACTIONS.approve], true, false],
  ])('shows %s only the buttons their permissions allow.', async (_n, perms, approve, rollback) => {
    signIn(perms);
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
});
