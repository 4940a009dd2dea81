/**
 * `plumb scrape-config` output checked by promtool: the whole file (Kubernetes and EC2
 * discovery) by upstream promtool, the EMR job by Debian's promtool too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { promtool, upstreamPromtool } from '../support/promtool';

const REPO = resolve(import.meta.dirname, '../..');
let dir: string;
let jobs: { job_name: string }[];

/** A prometheus.yml with the generated jobs under scrape_configs. */
function prometheusYml(name: string, scrapeConfigs: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, stringify({ global: { scrape_interval: '30s', external_labels: { region: 'eu-west-1' } }, scrape_configs: scrapeConfigs }));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plumb-scrape-'));
  const out = join(dir, 'scrape.yaml');
  execFileSync(process.execPath, [
    join(REPO, 'cli/bin/plumb.mjs'),
    'scrape-config',
    '--region',
    'eu-west-1',
    '--emr-clusters',
    'j-2AXXXXXXGAPLF,j-3BYYYYYYHBQMG',
    '--out',
    out,
  ]);
  jobs = (parse(readFileSync(out, 'utf8')) as { scrape_configs: { job_name: string }[] }).scrape_configs;
});

describe('plumb scrape-config', () => {
  it('The generated jobs pass upstream promtool check config (Kubernetes and EC2 discovery).', () => {
    const r = promtool(upstreamPromtool(), ['check', 'config', prometheusYml('all.yml', jobs)]);
    expect(r.output).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  it("The EMR job passes Debian's promtool check config.", () => {
    const r = promtool('promtool', [
      'check',
      'config',
      prometheusYml(
        'emr.yml',
        jobs.filter((j) => j.job_name === 'plumb-exporter-emr'),
      ),
    ]);
    expect(r.output).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  it('A relabelling promtool would refuse is caught, so success means something.', () => {
    const broken = jobs.map((j) => ({ ...j, relabel_configs: [{ action: 'replace', target_label: 'pool', regex: '(' }] }));
    expect(promtool(upstreamPromtool(), ['check', 'config', prometheusYml('broken.yml', broken)]).ok).toBe(false);
  });

  it('A region that is not an AWS region is refused with the flag named.', () => {
    let err = '';
    try {
      execFileSync(process.execPath, [join(REPO, 'cli/bin/plumb.mjs'), 'scrape-config', '--region', 'europe'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      err = String((e as { stderr: Buffer }).stderr);
    }
    expect(err).toContain('--region: expected an AWS region');
  });
});
