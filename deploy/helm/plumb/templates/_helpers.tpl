{{/* Names and labels shared by every object of the chart. */}}
{{- define "plumb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "plumb.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "plumb.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "plumb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: plumb
{{- end -}}

{{/* Selector labels of one component: include with (dict "root" $ "component" "exporter"). */}}
{{- define "plumb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plumb.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "plumb.exporter.fullname" -}}{{ include "plumb.fullname" . }}-exporter{{- end -}}
{{- define "plumb.hooks.fullname" -}}{{ include "plumb.fullname" . }}-hooks{{- end -}}
{{- define "plumb.spec.configMap" -}}{{ default (printf "%s-spec" (include "plumb.fullname" .)) .Values.spec.existingConfigMap }}{{- end -}}
{{- define "plumb.hooks.secret" -}}{{ default (printf "%s-secrets" (include "plumb.hooks.fullname" .)) .Values.hooks.secrets.existingSecret }}{{- end -}}

{{- define "plumb.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The quarantine taint plumb-hooks sets (alertmanager-hooks/src/kube/clients.ts QUARANTINE_TAINT). */}}
{{- define "plumb.quarantineTaint" -}}plumb.dev/quarantine{{- end -}}

{{/* The /etc/plumb volume: the spec from its ConfigMap and the fleet salt from its Secret. */}}
{{- define "plumb.etcVolume" -}}
- name: plumb-etc
  projected:
    defaultMode: 0440
    sources:
      - configMap:
          name: {{ include "plumb.spec.configMap" . }}
          items:
            - key: desired-state.yaml
              path: desired-state.yaml
      - secret:
          name: {{ .Values.salt.existingSecret }}
          items:
            - key: {{ .Values.salt.key }}
              path: salt
{{- end -}}

{{/* Identity from discovery (docs/deploy.md): the node the pod runs on, the platform. */}}
{{- define "plumb.exporter.relabelings" -}}
- sourceLabels: [__meta_kubernetes_pod_node_name]
  targetLabel: node
- targetLabel: platform
  replacement: k8s
{{- with .Values.region }}
- targetLabel: region
  replacement: {{ . }}
{{- end }}
{{- /* The discovery identity (sd_*): the handler refuses a drift alert whose node disagrees with it. */}}
- sourceLabels: [__meta_kubernetes_pod_node_name]
  targetLabel: sd_node
- targetLabel: sd_platform
  replacement: k8s
{{- with .Values.region }}
- targetLabel: sd_region
  replacement: {{ . }}
{{- end }}
{{- end -}}

{{/* PLUMB_KAFKA_* settings (history/src/log/security.ts) for a Kafka client container. */}}
{{- define "plumb.kafkaEnv" -}}
{{- $k := .Values.kafka }}
{{- if $k.tls }}
- name: PLUMB_KAFKA_TLS
  value: "true"
{{- end }}
{{- if $k.caSecret }}
- name: PLUMB_KAFKA_CA_FILE
  value: /etc/plumb/kafka/ca.pem
{{- end }}
{{- with $k.sasl.mechanism }}
- name: PLUMB_KAFKA_SASL_MECHANISM
  value: {{ . | quote }}
{{- end }}
{{- with $k.sasl.username }}
- name: PLUMB_KAFKA_SASL_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- if $k.sasl.passwordSecret }}
- name: PLUMB_KAFKA_SASL_PASSWORD_FILE
  value: /etc/plumb/kafka/password
{{- end }}
{{- if eq $k.sasl.mechanism "aws-msk-iam" }}
- name: PLUMB_KAFKA_AWS_REGION
  value: {{ default .Values.region $k.sasl.awsRegion | quote }}
{{- end }}
{{- end -}}

{{/* The Kafka CA and SCRAM password as files under /etc/plumb/kafka (never env values). */}}
{{- define "plumb.kafkaVolume" -}}
{{- $k := .Values.kafka }}
{{- if or $k.caSecret $k.sasl.passwordSecret }}
- name: kafka-secrets
  projected:
    defaultMode: 0440
    sources:
      {{- with $k.caSecret }}
      - secret:
          name: {{ . }}
          items:
            - key: ca.pem
              path: ca.pem
      {{- end }}
      {{- with $k.sasl.passwordSecret }}
      - secret:
          name: {{ . }}
          items:
            - key: password
              path: password
      {{- end }}
{{- end }}
{{- end -}}

{{- define "plumb.kafkaMount" -}}
{{- if or .Values.kafka.caSecret .Values.kafka.sasl.passwordSecret }}
- name: kafka-secrets
  mountPath: /etc/plumb/kafka
  readOnly: true
{{- end }}
{{- end -}}
