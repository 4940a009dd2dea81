import { describe, expect, it } from 'vitest';
import { HANDLER_PROXY } from '../constants';
import { THREE_REGIONS } from '../test/fixtures';
import { handlerRoutes, MAX_REGIONS, prometheusFor, regionsIn, regionsOf, selectRegion } from './regions';

const three = THREE_REGIONS;

describe('regions', () => {
  it('Each configured region reaches its handler through the route slot of its position.', () => {
    const regions = regionsOf(three);
    expect(regions.map((r) => [r.name, r.prometheusUid, r.routes.read])).toEqual([
      ['eu-west-1', 'prom-eu', '/api/plugin-proxy/plumb-app/hooks-r0'],
      ['us-east-1', 'prom-use', '/api/plugin-proxy/plumb-app/hooks-r1'],
      ['us-west-2', 'prom-usw', '/api/plugin-proxy/plumb-app/hooks-r2'],
    ]);
    expect(regions[1]?.routes).toEqual(handlerRoutes(1));
  });

  it('Without a regions list the single handler is the one region, on the original routes.', () => {
    expect(regionsOf({ prometheusUid: 'p', handlerUrl: 'http://h' })).toEqual([{ name: 'default', prometheusUid: 'p', routes: HANDLER_PROXY }]);
  });

  it('Regions beyond the route slots are not addressed (there is no route to reach them).', () => {
    const many = { regions: Array.from({ length: MAX_REGIONS + 2 }, (_, i) => ({ name: `r${i}`, prometheusUid: `p${i}`, handlerUrl: `http://h${i}` })) };
    expect(regionsOf(many)).toHaveLength(MAX_REGIONS);
  });

  it.each([
    {
      name: 'No region parameter is the global view, over every region, on the global Prometheus.',
      param: null,
      kind: 'global',
      covered: 3,
      prom: 'prom-global',
    },
    { name: 'A region parameter selects that region alone, on its own Prometheus.', param: 'us-east-1', kind: 'region', covered: 1, prom: 'prom-use' },
    {
      name: 'A region no one configured is unknown: nothing is shown, not the global view.',
      param: 'ap-south-1',
      kind: 'unknown',
      covered: 0,
      prom: undefined,
    },
  ])('$name', ({ param, kind, covered, prom }) => {
    const regions = regionsOf(three);
    const selection = selectRegion(regions, param);
    expect(selection.kind).toBe(kind);
    expect(regionsIn(selection, regions)).toHaveLength(covered);
    expect(prometheusFor(selection, three)).toBe(prom);
  });

  it('The global view of several regions has no Prometheus until the global one is set (never one region passed off as all).', () => {
    const { prometheusUid: _global, ...withoutGlobal } = three;
    expect(prometheusFor({ kind: 'global' }, withoutGlobal)).toBeUndefined();
  });
});
