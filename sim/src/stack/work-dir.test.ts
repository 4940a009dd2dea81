import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStart, prepareWorkDir, previousRunDir } from './work-dir';

function usedWorkDir(): string {
  const work = join(mkdtempSync(join(tmpdir(), 'plumb-work-')), 'stack');
  mkdirSync(join(work, 'data'), { recursive: true });
  writeFileSync(join(work, 'data', 'tsdb-block'), 'from the first run');
  return work;
}

describe('prepareWorkDir', () => {
  it('Starts clean by default and keeps the previous run whole beside it.', () => {
    const work = usedWorkDir();
    const { start, release } = prepareWorkDir(work, false);
    release();
    expect(start).toEqual({ mode: 'clean', movedAside: previousRunDir(work) });
    expect(existsSync(join(work, 'data'))).toBe(false);
    expect(readFileSync(join(previousRunDir(work), 'data', 'tsdb-block'), 'utf8')).toBe('from the first run');
    expect(describeStart(work, start)).toContain(`previous run's state is in ${previousRunDir(work)}`);
  });

  it('Keeps only one previous run: a third run replaces the second-oldest state.', () => {
    const work = usedWorkDir();
    prepareWorkDir(work, false).release();
    writeFileSync(join(work, 'second'), 'x');
    prepareWorkDir(work, false).release();
    expect(existsSync(join(previousRunDir(work), 'second'))).toBe(true);
    expect(existsSync(join(previousRunDir(work), 'data'))).toBe(false);
  });

  it('Keeps the previous state with resume.', () => {
    const work = usedWorkDir();
    const { start, release } = prepareWorkDir(work, true);
    release();
    expect(start).toEqual({ mode: 'resumed' });
    expect(existsSync(join(work, 'data', 'tsdb-block'))).toBe(true);
  });

  it('Refuses, and moves nothing, while a live stack holds the directory.', () => {
    const work = usedWorkDir();
    writeFileSync(join(work, 'stack.pid'), String(process.pid));
    expect(() => prepareWorkDir(work, false)).toThrow(/another stack \(pid \d+\) is using/);
    expect(existsSync(join(work, 'data', 'tsdb-block'))).toBe(true);
  });

  it('Ignores the lock of a stack that is gone.', () => {
    const work = usedWorkDir();
    writeFileSync(join(work, 'stack.pid'), '999999999');
    const { start, release } = prepareWorkDir(work, false);
    release();
    expect(start.mode).toBe('clean');
  });
});
