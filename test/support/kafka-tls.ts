/**
 * A real Kafka 3.9 broker with a SASL_SSL listener (SCRAM over TLS, as MSK serves it) beside
 * its plaintext one. The test CA and server certificate are made with openssl; the broker
 * reads them from a PKCS#12 keystore.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafka, type KafkaBroker } from '../../scripts/kafka/start';

export interface SecureKafka {
  broker: KafkaBroker;
  /** PEM of the CA that signed the broker certificate. */
  caFile: string;
  user: string;
  /** A file holding the user's SCRAM password (mode 0600). */
  passwordFile: string;
  /** PLUMB_KAFKA_* settings that reach the SASL_SSL listener. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA and a server certificate for 127.0.0.1/localhost, packed as a PKCS#12 keystore. */
export function makeBrokerCertificates(dir: string, keystorePassword: string): { caFile: string; keystoreFile: string } {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=plumb-test-ca'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(
    ['x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.pem', '-days', '2', '-extfile', 'san.ext'],
    dir,
  );
  openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      'broker.pem',
      '-inkey',
      'broker.key',
      '-certfile',
      'ca.pem',
      '-name',
      'broker',
      '-out',
      'broker.p12',
      '-passout',
      `pass:${keystorePassword}`,
    ],
    dir,
  );
  return { caFile: join(dir, 'ca.pem'), keystoreFile: join(dir, 'broker.p12') };
}

/** `oauthbearer`: the SASL_SSL listener also accepts OAUTHBEARER (Kafka's unsecured-JWS validator). */
export async function startSecureKafka(o: { oauthbearer?: boolean } = {}): Promise<SecureKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-kafka-tls-'));
  const keystorePassword = randomBytes(12).toString('hex');
  const { caFile, keystoreFile } = makeBrokerCertificates(dir, keystorePassword);
  const user = 'plumb-exporter';
  const password = randomBytes(16).toString('hex');
  const passwordFile = join(dir, 'kafka-password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const broker = await startKafka({
    heap: '384m',
    secure: { keystoreFile, keystorePassword, scramUsers: [{ name: user, password }], ...(o.oauthbearer ? { oauthbearer: true } : {}) },
  });
  return {
    broker,
    caFile,
    user,
    passwordFile,
    env: {
      PLUMB_KAFKA_CA_FILE: caFile,
      PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      PLUMB_KAFKA_SASL_USERNAME: user,
      PLUMB_KAFKA_SASL_PASSWORD_FILE: passwordFile,
    },
    async dispose() {
      await broker.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
