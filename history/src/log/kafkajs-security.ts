/**
 * {@link KafkaSecurity} as kafkajs settings. MSK IAM uses AWS's signer package
 * (aws-msk-iam-sasl-signer-js), loaded only when that mechanism is chosen.
 */
import type { KafkaConfig } from 'kafkajs';
import type { KafkaSecurity } from './security';

export function kafkajsSecurity(s: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!s.tls) return {};
  const ssl = s.ca !== undefined ? { ca: [s.ca], rejectUnauthorized: true } : true;
  if (s.sasl === undefined) return { ssl };
  if (s.sasl.mechanism === 'aws-msk-iam') {
    const region = s.sasl.region;
    return {
      ssl,
      sasl: {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => {
          const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
          const { token } = await generateAuthToken({ region });
          return { value: token };
        },
      },
    };
  }
  const { username, password } = s.sasl;
  return {
    ssl,
    sasl: s.sasl.mechanism === 'scram-sha-256' ? { mechanism: 'scram-sha-256', username, password } : { mechanism: 'scram-sha-512', username, password },
  };
}
