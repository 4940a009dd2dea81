import { describe, expect, it } from 'vitest';
import { isAirflowReference } from './airflow';
import { lookupKey, parseConfig, type FileFormat } from './index';

interface Case {
  name: string;
  format: FileFormat;
  text: string;
  env?: Record<string, string>;
  key?: string;
  want: string | number | boolean | undefined;
}

const cases: Case[] = [
  { name: 'A properties file reads key=value pairs.', format: 'properties', text: 'fetch.min.bytes=1048576\n', key: 'fetch.min.bytes', want: '1048576' },
  { name: 'A properties file accepts a colon separator and blanks around it.', format: 'properties', text: 'a.b : c d\n', key: 'a.b', want: 'c d' },
  { name: 'A properties file accepts a whitespace separator.', format: 'properties', text: 'group.id   loaders\n', key: 'group.id', want: 'loaders' },
  { name: 'A properties file skips # and ! comments.', format: 'properties', text: '# x=1\n! y=2\nz=3', key: 'x', want: undefined },
  { name: 'A properties file joins backslash continuation lines.', format: 'properties', text: 'list=a,\\\n    b,\\\n    c\n', key: 'list', want: 'a,b,c' },
  { name: 'A properties file decodes escaped separators in keys.', format: 'properties', text: 'a\\=b=c\n', key: 'a=b', want: 'c' },
  { name: 'A properties file decodes unicode escapes.', format: 'properties', text: 'tz=\\u0055TC\n', key: 'tz', want: 'UTC' },
  { name: 'A properties file keeps the last of repeated keys.', format: 'properties', text: 'a=1\na=2\n', key: 'a', want: '2' },
  {
    name: 'spark-defaults separates key and value by whitespace.',
    format: 'spark-defaults',
    text: 'spark.sql.session.timeZone   UTC\n',
    key: 'spark.sql.session.timeZone',
    want: 'UTC',
  },
  {
    name: 'spark-defaults also accepts an equals sign.',
    format: 'spark-defaults',
    text: 'spark.sql.shuffle.partitions=400\n',
    key: 'spark.sql.shuffle.partitions',
    want: '400',
  },
  { name: 'spark-defaults skips comments and blank lines.', format: 'spark-defaults', text: '# spark.a 1\n\n spark.b\t2 \n', key: 'spark.b', want: '2' },
  { name: 'An INI file reads section.key.', format: 'ini', text: '[core]\nparallelism = 32\n', key: 'core.parallelism', want: '32' },
  { name: 'An INI key lookup ignores case like configparser.', format: 'ini', text: '[Core]\nParallelism: 8\n', key: 'core.PARALLELISM', want: '8' },
  { name: 'An INI value continues on indented lines.', format: 'ini', text: '[a]\nb = one\n  two\n', key: 'a.b', want: 'one\ntwo' },
  {
    name: 'airflow.cfg gives the file value when no env override exists.',
    format: 'airflow-cfg',
    text: '[celery]\nworker_concurrency = 16\n',
    key: 'celery.worker_concurrency',
    want: '16',
  },
  {
    name: 'An AIRFLOW__SECTION__KEY env var beats the file value.',
    format: 'airflow-cfg',
    text: '[celery]\nworker_concurrency = 16\n',
    env: { AIRFLOW__CELERY__WORKER_CONCURRENCY: '32' },
    key: 'celery.worker_concurrency',
    want: '32',
  },
  {
    name: 'An env override applies to keys absent from the file.',
    format: 'airflow-cfg',
    text: '[core]\n',
    env: { AIRFLOW__CORE__DEFAULT_TASK_RETRIES: '3' },
    key: 'core.default_task_retries',
    want: '3',
  },
  {
    name: 'A plain env override beats a _CMD variant of the same key.',
    format: 'airflow-cfg',
    text: '',
    env: { AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: 'x', AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD: 'cat /s' },
    key: 'database.sql_alchemy_conn',
    want: 'x',
  },
  {
    name: 'Unrelated env vars do not touch airflow.cfg.',
    format: 'airflow-cfg',
    text: '[core]\nexecutor = CeleryExecutor\n',
    env: { AIRFLOW_HOME: '/opt/airflow' },
    key: 'core.executor',
    want: 'CeleryExecutor',
  },
  {
    name: 'YAML is read by dotted path.',
    format: 'yaml',
    text: 'paywave:\n  target: prod\n  outputs:\n    prod: {password: hunter2}\n',
    key: 'paywave.outputs.prod.password',
    want: 'hunter2',
  },
  {
    name: 'YAML list items are addressed by index.',
    format: 'yaml',
    text: 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n',
    key: 'packages.0.version',
    want: '1.1.1',
  },
  { name: 'A YAML map is kept whole as sorted JSON.', format: 'yaml', text: 'a:\n  z: 1\n  b: 2\n', key: 'a', want: '{"b":2,"z":1}' },
  { name: 'JSON is read by dotted path and keeps its types.', format: 'json', text: '{"a":{"b":[true,2]}}', key: 'a.b.1', want: 2 },
  { name: 'A text file gives its whole trimmed content without a key.', format: 'text', text: '  17.0.9\n', want: '17.0.9' },
];

describe('parseConfig and lookupKey', () => {
  it.each(cases)('$name', ({ format, text, env, key, want }) => {
    const parsed = parseConfig(format, text, env ?? {});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(lookupKey(format, parsed.entries, key)).toEqual(want);
  });
});

const malformed: { name: string; format: FileFormat; text: string; reasonMatches: RegExp }[] = [
  {
    name: 'A properties file with a broken unicode escape is rejected with its line.',
    format: 'properties',
    text: 'a=1\nb=\\u12G4-hunter2\n',
    reasonMatches: /^line 2: /,
  },
  {
    name: 'A spark-defaults line with a key but no value is rejected.',
    format: 'spark-defaults',
    text: 'spark.a 1\nspark.lonely\n',
    reasonMatches: /^line 2: /,
  },
  { name: 'An INI key outside any section is rejected.', format: 'ini', text: 'password = hunter2\n', reasonMatches: /^line 1: key outside/ },
  { name: 'An INI line without a separator is rejected.', format: 'airflow-cfg', text: '[core]\nhunter2\n', reasonMatches: /^line 2: / },
  { name: 'Invalid YAML is rejected with its line.', format: 'yaml', text: 'a: [hunter2\n', reasonMatches: /invalid YAML/ },
  { name: 'Invalid JSON is rejected.', format: 'json', text: '{"password": "hunter2"', reasonMatches: /invalid JSON/ },
];

describe('malformed files', () => {
  it.each(malformed)('$name', ({ format, text, reasonMatches }) => {
    const parsed = parseConfig(format, text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(reasonMatches);
    expect(parsed.reason).not.toContain('hunter2');
  });
});

describe('Airflow _CMD and _SECRET variants', () => {
  it.each([
    { name: 'A _CMD variant becomes a reference that is never executed.', env: { AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD: 'touch /tmp/plumb-must-not-run' } },
    { name: 'A _SECRET variant becomes a reference that is never resolved.', env: { AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET: 'airflow/connections/db' } },
  ])('$name', ({ env }) => {
    const parsed = parseConfig('airflow-cfg', '[database]\nsql_alchemy_conn = sqlite:///x\n', env);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const value = lookupKey('airflow-cfg', parsed.entries, 'database.sql_alchemy_conn');
    expect(isAirflowReference(value)).toBe(true);
  });
});
