import { describe, expect, it } from 'vitest';
import { causeFromEmrSteps, parseStepController, type EmrStep } from './emr-steps';

// A step's `controller` log as EMR writes it under /mnt/var/log/hadoop/steps/<step-id>/.
const FINISHED = `2026-03-01T12:00:00.512Z INFO Ensure step 3 jar file command-runner.jar
2026-03-01T12:00:00.514Z INFO StepRunner: Created Runner for step 3
INFO startExec 'hadoop jar /var/lib/aws/emr/step-runner/hadoop-jars/command-runner.jar spark-submit s3://bucket/job.py'
INFO Working dir /mnt/var/lib/hadoop/steps/s-2AB3CD4EF5GH
2026-03-01T12:00:00.530Z INFO HadoopJarStepRunner.Runner: startRun() called for s-2AB3CD4EF5GH Child Pid: 12345
INFO total process run time: 300 seconds
2026-03-01T12:05:00.101Z INFO Step created jobs:
2026-03-01T12:05:00.101Z INFO Step succeeded with exitCode 0 and took 300 seconds
`;
const RUNNING = `2026-03-01T12:10:00.000Z INFO Ensure step 4 jar file command-runner.jar
INFO startExec 'hadoop jar /var/lib/aws/emr/step-runner/hadoop-jars/command-runner.jar bash -c "sudo yum -y update"'
`;
const at = (t: string) => Date.parse(`2026-03-01T${t}Z`);

describe('parseStepController', () => {
  it('A finished step has its start and its end.', () => {
    expect(parseStepController('s-2AB3CD4EF5GH', FINISHED)).toEqual({ stepId: 's-2AB3CD4EF5GH', startMs: at('12:00:00.512'), endMs: at('12:05:00.101') });
  });
  it('A step without an end line is still running.', () => {
    expect(parseStepController('s-3XY', RUNNING)).toEqual({ stepId: 's-3XY', startMs: at('12:10:00'), endMs: undefined });
  });
  it.each([
    { name: 'A directory that is not a step id is not a step.', id: 'j-1ABC', text: FINISHED },
    { name: 'A controller log without a time is not a step.', id: 's-4ZZ', text: 'INFO startExec x\n' },
  ])('$name', ({ id, text }) => {
    expect(parseStepController(id, text)).toBeUndefined();
  });
});

describe('causeFromEmrSteps', () => {
  const finished: EmrStep = { stepId: 's-2AB3CD4EF5GH', startMs: at('12:00:00'), endMs: at('12:05:00') };
  const running: EmrStep = { stepId: 's-3XY', startMs: at('12:10:00'), endMs: undefined };
  it.each([
    { name: 'A change seen while one step runs names that step.', since: at('12:01:00'), now: at('12:02:00'), want: 's-2AB3CD4EF5GH' },
    { name: 'A step that ended within the window still counts.', since: at('12:04:00'), now: at('12:06:00'), want: 's-2AB3CD4EF5GH' },
    { name: 'A step still running names itself.', since: at('12:11:00'), now: at('12:12:00'), want: 's-3XY' },
    { name: 'No step in the window: unknown.', since: at('12:06:00'), now: at('12:09:00'), want: undefined },
    { name: 'Two steps in the window: unknown, never a guess.', since: at('12:04:00'), now: at('12:11:00'), want: undefined },
  ])('$name', ({ since, now, want }) => {
    expect(causeFromEmrSteps([finished, running], since, now)).toEqual(want ? { kind: 'emr-step', stepId: want } : { kind: 'unknown' });
  });
});
