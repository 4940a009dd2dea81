#!/usr/bin/env bash
# EMR bootstrap action: installs plumb-exporter on every node of the cluster from S3 only
# (Amazon Linux 2023, no internet access needed), as a hardened systemd service.
#
#   --bootstrap-actions Path=s3://BUCKET/plumb/bootstrap-plumb-exporter.sh,Args=[s3://BUCKET/plumb,--kafka-brokers,b-1.msk.internal:9096]
#
# S3 layout under the prefix (docs/deploy.md):
#   plumb-exporter-linux-x64.tar.gz (+ .sha256)   from scripts/emr/package.sh (arm64 for Graviton)
#   desired-state.yaml                             the spec
#   salt                                           the fleet salt (restrict this object with a bucket policy)
#   kafka.env                                      optional PLUMB_KAFKA_* settings (TLS, SASL mechanism, user)
#   kafka-password                                 optional SCRAM password
# Args after the prefix: --kafka-brokers H:P,...  --pool NAME (default emr-<instance role>)
# PLUMB_ROOT prefixes every path (tests install into a directory).
set -euo pipefail

PREFIX="${1:?usage: bootstrap-plumb-exporter.sh s3://bucket/prefix [--kafka-brokers H:P,...] [--pool NAME]}"
shift
BROKERS=""
POOL=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kafka-brokers) BROKERS="${2:?--kafka-brokers needs a value}"; shift 2 ;;
    --pool) POOL="${2:?--pool needs a value}"; shift 2 ;;
    *) echo "bootstrap-plumb-exporter: unknown argument $1" >&2; exit 2 ;;
  esac
done
R="${PLUMB_ROOT:-}"
SUDO=""; [[ "$(id -u)" -ne 0 ]] && SUDO=sudo
case "$(uname -m)" in aarch64) ARCH=arm64 ;; *) ARCH=x64 ;; esac
log() { echo "bootstrap-plumb-exporter: $*" >&2; }

# --- identity from the instance, not from guesses ------------------------------------------
imds() {
  local token
  token=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)
  curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}
REGION=$(imds placement/region)
INSTANCE_TYPE=$(imds instance-type)
# EMR writes the node's instance group in instance.json; its role (CORE, TASK, MASTER) in job-flow.json.
INFO="$R/mnt/var/lib/info"
GROUP_ID=$(sed -n 's/.*"instanceGroupId" *: *"\([^"]*\)".*/\1/p' "$INFO/instance.json" | head -1)
ROLE=$(tr -d '\n' < "$INFO/job-flow.json" | grep -o "\"instanceGroupId\" *: *\"$GROUP_ID\"[^}]*\"instanceRole\" *: *\"[A-Za-z]*\"" | sed 's/.*"instanceRole" *: *"\([A-Za-z]*\)"/\1/' | tr '[:lower:]' '[:upper:]' || true)
[[ -n "$ROLE" ]] || ROLE=UNKNOWN
[[ -n "$POOL" ]] || POOL="emr-$(echo "$ROLE" | tr '[:upper:]' '[:lower:]')"
log "region $REGION, $INSTANCE_TYPE, instance group $GROUP_ID ($ROLE), pool $POOL"

# --- the artefact, checked before anything runs --------------------------------------------
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
aws s3 cp --only-show-errors "$PREFIX/plumb-exporter-linux-$ARCH.tar.gz" "$WORK/a.tar.gz"
aws s3 cp --only-show-errors "$PREFIX/plumb-exporter-linux-$ARCH.tar.gz.sha256" "$WORK/a.sha256"
[[ "$(cut -d' ' -f1 "$WORK/a.sha256")" == "$(sha256sum "$WORK/a.tar.gz" | cut -d' ' -f1)" ]] || { log "checksum mismatch for the artefact; nothing installed"; exit 1; }

# --- a dedicated user with no login and no home ---------------------------------------------
if [[ -z "$R" ]] && ! id plumb >/dev/null 2>&1; then
  $SUDO useradd --system --no-create-home --home-dir /nonexistent --shell /sbin/nologin plumb
fi

$SUDO mkdir -p "$R/opt/plumb" "$R/etc/plumb" "$R/etc/systemd/system"
$SUDO tar -xzf "$WORK/a.tar.gz" -C "$R/opt/plumb" --strip-components=1 --no-same-owner
aws s3 cp --only-show-errors "$PREFIX/desired-state.yaml" "$WORK/desired-state.yaml"
aws s3 cp --only-show-errors "$PREFIX/salt" "$WORK/salt"
$SUDO install -m 0444 "$WORK/desired-state.yaml" "$R/etc/plumb/desired-state.yaml"
# The salt and the Kafka password: readable by the plumb group only.
GROUP_OPT=(); [[ -z "$R" ]] && GROUP_OPT=(-g plumb)
$SUDO install -m 0440 "${GROUP_OPT[@]}" "$WORK/salt" "$R/etc/plumb/salt"
KAFKA_ENV=""
if aws s3 cp --only-show-errors "$PREFIX/kafka.env" "$WORK/kafka.env" 2>/dev/null; then
  grep -E '^PLUMB_KAFKA_[A-Z_]+=' "$WORK/kafka.env" | grep -v '^PLUMB_KAFKA_SASL_PASSWORD=' > "$WORK/kafka.vars" || true
  KAFKA_ENV=$(cat "$WORK/kafka.vars")
fi
if aws s3 cp --only-show-errors "$PREFIX/kafka-password" "$WORK/kafka-password" 2>/dev/null; then
  $SUDO install -m 0440 "${GROUP_OPT[@]}" "$WORK/kafka-password" "$R/etc/plumb/kafka-password"
  KAFKA_ENV="$KAFKA_ENV"$'\n'"PLUMB_KAFKA_SASL_PASSWORD_FILE=/etc/plumb/kafka-password"
fi

{
  echo "# Written by the plumb-exporter EMR bootstrap action."
  echo "PLUMB_REGION=$REGION"
  echo "PLUMB_INSTANCE_TYPE=$INSTANCE_TYPE"
  echo "PLUMB_POOL=$POOL"
  echo "PLUMB_EMR_INSTANCE_GROUP=$ROLE"
  [[ -n "$BROKERS" ]] && echo "PLUMB_KAFKA_BROKERS=$BROKERS"
  [[ -n "$KAFKA_ENV" ]] && echo "$KAFKA_ENV"
  echo "TZ=UTC"
} > "$WORK/exporter.env"
$SUDO install -m 0440 "${GROUP_OPT[@]}" "$WORK/exporter.env" "$R/etc/plumb/exporter.env"
$SUDO install -m 0644 "$R/opt/plumb/systemd/plumb-exporter.service" "$R/etc/systemd/system/plumb-exporter.service"

if [[ -z "$R" ]]; then
  $SUDO systemctl daemon-reload
  $SUDO systemctl enable --now plumb-exporter.service
fi
log "installed $(cat "$R/opt/plumb/VERSION")"
