/**
 * How every Plumb Kafka client (exporter, plumb-hooks, plumb-kafka-lag, `plumb history`)
 * authenticates to the brokers: plaintext, TLS, SASL/SCRAM over TLS, or MSK IAM (OAUTHBEARER
 * tokens signed with the AWS credentials of the host). Read from the environment, so a
 * DaemonSet, a systemd unit and a CLI configure it the same way; secrets come from an env
 * var or a file, never a flag (flags show in `ps`).
 *
 *   PLUMB_KAFKA_TLS=true                 TLS to the brokers (implied by SASL)
 *   PLUMB_KAFKA_CA_FILE=/etc/plumb/kafka-ca.pem     trust this CA instead of the system store
 *   PLUMB_KAFKA_SASL_MECHANISM=scram-sha-512 | scram-sha-256 | aws-msk-iam
 *   PLUMB_KAFKA_SASL_USERNAME=plumb-exporter
 *   PLUMB_KAFKA_SASL_PASSWORD=… or PLUMB_KAFKA_SASL_PASSWORD_FILE=/etc/plumb/kafka-password
 *   PLUMB_KAFKA_AWS_REGION=eu-west-1     region of the MSK cluster (aws-msk-iam; default AWS_REGION)
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'aws-msk-iam'] as const;

/** Resolved security settings; `password` is only ever held in memory. */
export type KafkaSecurity =
  | { tls: false }
  | {
      tls: true;
      ca?: string | undefined;
      sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | { mechanism: 'aws-msk-iam'; region: string } | undefined;
    };

const EnvSchema = z.object({
  PLUMB_KAFKA_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  PLUMB_KAFKA_CA_FILE: z.string().min(1).optional(),
  PLUMB_KAFKA_SASL_MECHANISM: z.enum(SASL_MECHANISMS).optional(),
  PLUMB_KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  PLUMB_KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  PLUMB_KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  PLUMB_KAFKA_AWS_REGION: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).optional(),
});

export type ReadSecretFile = (path: string) => string;

/** Reads the settings from `env`; an error names the variable and what was expected, never a secret. */
export function kafkaSecurityFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadSecretFile,
): { ok: true; security: KafkaSecurity } | { ok: false; error: string } {
  const blankless = Object.fromEntries(Object.entries(env).filter(([k, v]) => (k.startsWith('PLUMB_KAFKA_') || k === 'AWS_REGION' ? v !== '' : false)));
  const parsed = EnvSchema.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `${String(issue?.path[0])}: ${issue?.code === 'invalid_value' ? `expected one of ${((issue as { values?: unknown[] }).values ?? []).join(', ')}` : issue?.message}`,
    };
  }
  const e = parsed.data;
  const read = (name: string, path: string): { ok: true; text: string } | { ok: false; error: string } => {
    try {
      const text = readFile(path).replace(/\r?\n$/, '');
      return text === '' ? { ok: false, error: `${name}: ${path} is empty` } : { ok: true, text };
    } catch (err) {
      return { ok: false, error: `${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  };
  const mechanism = e.PLUMB_KAFKA_SASL_MECHANISM;
  const tls = mechanism !== undefined || e.PLUMB_KAFKA_TLS === 'true' || e.PLUMB_KAFKA_TLS === '1' || e.PLUMB_KAFKA_CA_FILE !== undefined;
  if (!tls) return { ok: true, security: { tls: false } };
  if ((e.PLUMB_KAFKA_TLS === 'false' || e.PLUMB_KAFKA_TLS === '0') && mechanism !== undefined) {
    return { ok: false, error: 'PLUMB_KAFKA_TLS: SASL credentials are only sent over TLS; unset PLUMB_KAFKA_TLS or set it to true' };
  }
  let ca: string | undefined;
  if (e.PLUMB_KAFKA_CA_FILE !== undefined) {
    const r = read('PLUMB_KAFKA_CA_FILE', e.PLUMB_KAFKA_CA_FILE);
    if (!r.ok) return r;
    ca = r.text;
  }
  if (mechanism === undefined) return { ok: true, security: { tls: true, ca } };
  if (mechanism === 'aws-msk-iam') {
    const region = e.PLUMB_KAFKA_AWS_REGION ?? e.AWS_REGION;
    if (region === undefined) return { ok: false, error: 'PLUMB_KAFKA_AWS_REGION: the MSK cluster region is needed for aws-msk-iam (or set AWS_REGION)' };
    return { ok: true, security: { tls: true, ca, sasl: { mechanism, region } } };
  }
  if (e.PLUMB_KAFKA_SASL_USERNAME === undefined) return { ok: false, error: `PLUMB_KAFKA_SASL_USERNAME: required for ${mechanism}` };
  let password = e.PLUMB_KAFKA_SASL_PASSWORD;
  if (password === undefined && e.PLUMB_KAFKA_SASL_PASSWORD_FILE !== undefined) {
    const r = read('PLUMB_KAFKA_SASL_PASSWORD_FILE', e.PLUMB_KAFKA_SASL_PASSWORD_FILE);
    if (!r.ok) return r;
    password = r.text;
  }
  if (password === undefined) return { ok: false, error: `PLUMB_KAFKA_SASL_PASSWORD_FILE: required for ${mechanism} (or PLUMB_KAFKA_SASL_PASSWORD)` };
  return { ok: true, security: { tls: true, ca, sasl: { mechanism, username: e.PLUMB_KAFKA_SASL_USERNAME, password } } };
}

/** {@link kafkaSecurityFromEnv} over the real file system. */
export function kafkaSecurityFromProcessEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): { ok: true; security: KafkaSecurity } | { ok: false; error: string } {
  return kafkaSecurityFromEnv(env, (path) => readFileSync(path, 'utf8'));
}
