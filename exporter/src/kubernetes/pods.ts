/**
 * Readings from the pods on this node (pure): image, image digest, env values,
 * `--conf k=v` arguments, labels and annotations, for the workload types the
 * pods' labels name. For an env var set through `valueFrom`, the reading is the
 * reference's identity (`secretKeyRef:ns/name/key`), never a resolved secret.
 */
import { causeFromManagedFields } from '@plumb/core/attribution/managed-fields';
import type { ChangeCause } from '@plumb/core/attribution/cause';
import { confPairs } from '../collect/proc/argv';
import type { Reading } from '../collect/readings';
import { podWorkloads } from '../collect/workloads';
import type { DimensionRule, Model } from '@plumb/core/spec/model';
import { looksSecret } from '@plumb/core/spec/secret-names';
import type { V1ConfigMap, V1Container, V1EnvVar, V1Pod } from '@kubernetes/client-node';

export interface PodReadings {
  workloads: string[];
  readings: Reading[];
}

/** ConfigMaps by `namespace/name`, as the collector read them for this collection. */
export type ConfigMapsByName = ReadonlyMap<string, V1ConfigMap>;

/** Readings of one pod. Finished pods (Succeeded, Failed) give nothing. */
export function podReadings(model: Model, pod: V1Pod, configMaps: ConfigMapsByName = new Map()): PodReadings {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return { workloads: [], readings: [] };
  const labels = pod.metadata?.labels ?? {};
  const workloads = podWorkloads(model, labels);
  const where = `pod:${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  const readings: Reading[] = [];
  for (const rule of model.rules) {
    if (!workloads.includes(rule.workload)) continue;
    for (const { value, secret, cause } of valuesFor(rule, pod, configMaps))
      readings.push({ rule, value, source: where, secret, scoped: true, ...(cause ? { cause } : {}) });
  }
  return { workloads, readings };
}

type PodValue = { value: string; secret: boolean; cause?: ChangeCause };

function valuesFor(rule: DimensionRule, pod: V1Pod, configMaps: ConfigMapsByName): PodValue[] {
  const src = rule.source;
  const containers = (pod.spec?.containers ?? []).filter((c) => !('container' in src) || src.container === undefined || c.name === src.container);
  if (src.kind === 'env') return envValues(containers, src.name, pod.metadata?.namespace ?? '');
  if (src.kind !== 'pod') return [];
  const name = src.name;
  switch (src.field) {
    case 'image':
      return containers.flatMap((c) => (c.image ? [{ value: c.image, secret: false }] : []));
    case 'image-digest': {
      const statuses = pod.status?.containerStatuses ?? [];
      return containers.flatMap((c) => {
        const id = statuses.find((s) => s.name === c.name)?.imageID;
        const digest = id ? (/sha256:[0-9a-f]{64}/.exec(id)?.[0] ?? id) : undefined;
        return digest ? [{ value: digest, secret: false, cause: { kind: 'image-digest', to: digest } as const }] : [];
      });
    }
    case 'env':
      return name === undefined ? [] : envValues(containers, name, pod.metadata?.namespace ?? '');
    case 'arg-conf':
      return name === undefined
        ? []
        : containers.flatMap((c) =>
            confArgs(c)
              .filter(([k]) => k === name)
              .map(([k, v]) => ({ value: v, secret: looksSecret(k) })),
          );
    case 'label': {
      const v = name === undefined ? undefined : pod.metadata?.labels?.[name];
      return v === undefined ? [] : [{ value: v, secret: false }];
    }
    case 'annotation': {
      const v = name === undefined ? undefined : pod.metadata?.annotations?.[name];
      return v === undefined ? [] : [{ value: v, secret: false }];
    }
    case 'configmap':
      return name === undefined ? [] : configMapValues(pod, name, configMaps);
  }
}

function envValues(containers: V1Container[], name: string, namespace: string): { value: string; secret: boolean }[] {
  return containers.flatMap((c) => {
    // The last definition wins, as in the kubelet.
    const env = [...(c.env ?? [])].reverse().find((e) => e.name === name);
    if (!env) return [];
    if (env.value !== undefined) return [{ value: env.value, secret: looksSecret(name) }];
    const ref = referenceIdentity(env, namespace);
    return ref === undefined ? [] : [{ value: ref, secret: looksSecret(name) }];
  });
}

/** The identity of a `valueFrom` reference; the referenced value is never read. */
export function referenceIdentity(env: V1EnvVar, namespace: string): string | undefined {
  const from = env.valueFrom;
  if (!from) return undefined;
  if (from.secretKeyRef) return `secretKeyRef:${namespace}/${from.secretKeyRef.name ?? ''}/${from.secretKeyRef.key}`;
  if (from.configMapKeyRef) return `configMapKeyRef:${namespace}/${from.configMapKeyRef.name ?? ''}/${from.configMapKeyRef.key}`;
  if (from.fieldRef) return `fieldRef:${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resourceFieldRef:${from.resourceFieldRef.containerName ?? ''}/${from.resourceFieldRef.resource}`;
  return undefined;
}

/** `--conf k=v` and `--conf=k=v` pairs from a container's command and args. */
export function confArgs(container: V1Container): [string, string][] {
  return confPairs([...(container.command ?? []), ...(container.args ?? [])]);
}

/** ConfigMaps a pod takes config from: its volumes (plain and projected) and its containers' `envFrom`. */
export function podConfigMapNames(pod: V1Pod): string[] {
  const ns = pod.metadata?.namespace ?? '';
  const names = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) names.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) if (s.configMap?.name) names.add(s.configMap.name);
  }
  for (const c of pod.spec?.containers ?? []) for (const e of c.envFrom ?? []) if (e.configMapRef?.name) names.add(e.configMapRef.name);
  return [...names].sort().map((n) => `${ns}/${n}`);
}

/** A key of the pod's ConfigMaps, attributed to the field manager that last wrote it. */
function configMapValues(pod: V1Pod, key: string, configMaps: ConfigMapsByName): PodValue[] {
  return podConfigMapNames(pod).flatMap((ref) => {
    const cm = configMaps.get(ref);
    const value = cm?.data?.[key];
    if (cm === undefined || value === undefined) return [];
    return [{ value, secret: looksSecret(key), cause: causeFromManagedFields(cm.metadata?.managedFields, ['data', key]) }];
  });
}
