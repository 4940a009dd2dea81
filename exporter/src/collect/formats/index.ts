/**
 * One entry point for every file format the spec names (`FILE_FORMATS`), plus the
 * lookup of a key in a parsed file. Pure: callers read the file.
 */
import type { Source } from '@plumb/core/spec/schema';
import { parseAirflowConfig } from './airflow';
import { parseHadoopXml } from './hadoop-xml';
import { parseIni } from './ini';
import { parseProperties } from './properties';
import { parseSparkDefaults } from './spark-defaults';
import { parseJson, parseYaml } from './structured';
import type { ConfigScalar, ParsedConfig } from './types';

export type FileFormat = Extract<Source, { kind: 'file' }>['format'];

/** The key under which `text` files keep their whole (trimmed) content. */
export const WHOLE_FILE_KEY = '';

/**
 * Parses `text` in `format`. `env` is used only by `airflow-cfg` for
 * `AIRFLOW__SECTION__KEY` overrides.
 */
export function parseConfig(format: FileFormat, text: string, env: Readonly<Record<string, string | undefined>> = {}): ParsedConfig {
  switch (format) {
    case 'properties':
      return parseProperties(text);
    case 'spark-defaults':
      return parseSparkDefaults(text);
    case 'hadoop-xml':
      return parseHadoopXml(text);
    case 'ini':
      return parseIni(text);
    case 'airflow-cfg':
      return parseAirflowConfig(text, env);
    case 'yaml':
      return parseYaml(text);
    case 'json':
      return parseJson(text);
    case 'text':
      return { ok: true, entries: new Map<string, ConfigScalar>([[WHOLE_FILE_KEY, text.trim()]]) };
  }
}

/** Looks a key up; INI keys are case-insensitive like configparser's. No key: the whole file (text format). */
export function lookupKey(format: FileFormat, entries: ReadonlyMap<string, ConfigScalar>, key: string | undefined): ConfigScalar | undefined {
  if (key === undefined) return entries.get(WHOLE_FILE_KEY);
  if (format === 'ini' || format === 'airflow-cfg') return entries.get(key.toLowerCase());
  return entries.get(key);
}

export type { ConfigScalar, ParsedConfig } from './types';
