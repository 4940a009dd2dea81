// @vitest-environment jsdom
/** The region selector: every region and "All regions", the choice kept in the URL. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { locationService } from '@grafana/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { regionsOf, REGION_PARAM, selectRegion } from '../../api/regions';
import { testIds } from '../../testIds';
import { ALL_REGIONS_LABEL, RegionSelector } from './RegionSelector';

const regions = regionsOf({
  regions: [
    { name: 'eu-west-1', prometheusUid: 'prom-eu', handlerUrl: 'http://a' },
    { name: 'us-east-1', prometheusUid: 'prom-use', handlerUrl: 'http://b' },
  ],
});
afterEach(() => {
  cleanup();
  locationService.push('/a/plumb-app/remediation');
});

describe('RegionSelector', () => {
  it('Offers all regions first, then each configured region.', () => {
    render(<RegionSelector regions={regions} selection={{ kind: 'global' }} />);
    const labels = Array.from(screen.getByTestId(testIds.regions.selector).querySelectorAll('label')).map((l) => l.textContent);
    expect(labels).toEqual([ALL_REGIONS_LABEL, 'eu-west-1', 'us-east-1']);
  });

  it('Choosing a region puts it in the URL, and the URL selects it.', () => {
    locationService.push('/a/plumb-app/remediation');
    render(<RegionSelector regions={regions} selection={{ kind: 'global' }} />);
    fireEvent.click(screen.getByLabelText('us-east-1'));
    const param = new URLSearchParams(locationService.getLocation().search).get(REGION_PARAM);
    expect(param).toBe('us-east-1');
    expect(selectRegion(regions, param)).toMatchObject({ kind: 'region', region: { name: 'us-east-1' } });
  });

  it('Choosing all regions removes the parameter: the global view.', () => {
    locationService.push('/a/plumb-app/remediation?region=eu-west-1');
    render(<RegionSelector regions={regions} selection={selectRegion(regions, 'eu-west-1')} />);
    fireEvent.click(screen.getByLabelText(ALL_REGIONS_LABEL));
    expect(new URLSearchParams(locationService.getLocation().search).get(REGION_PARAM)).toBeNull();
  });
});
