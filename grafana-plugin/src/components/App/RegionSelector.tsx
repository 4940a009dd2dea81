/**
 * Region selector: every configured region, and "All regions" (the global view). The choice
 * lives in the URL (`?region=`), so a link names what it shows.
 */
import { locationService } from '@grafana/runtime';
import { RadioButtonGroup } from '@grafana/ui';
import { REGION_PARAM, type Region, type RegionSelection } from '../../api/regions';
import { testIds } from '../../testIds';

export const ALL_REGIONS_LABEL = 'All regions';

export function RegionSelector({ regions, selection }: { regions: Region[]; selection: RegionSelection }) {
  const options = [{ label: ALL_REGIONS_LABEL, value: '' }, ...regions.map((r) => ({ label: r.name, value: r.name }))];
  const value = selection.kind === 'region' ? selection.region.name : selection.kind === 'unknown' ? selection.name : '';
  return (
    <div data-testid={testIds.regions.selector}>
      <RadioButtonGroup size="sm" options={options} value={value} onChange={(v) => locationService.partial({ [REGION_PARAM]: v === '' ? null : v }, true)} />
    </div>
  );
}
