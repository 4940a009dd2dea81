#!/usr/bin/env bash
# Fetches Spark's Kafka source for PySpark from Maven Central into the Plumb cache and
# prints a comma-separated list of its jars (for `spark.jars`). Only the jars PySpark
# does not already ship are listed. Idempotent.
set -euo pipefail
# shellcheck source=../lib/maven-classpath.sh
source "$(dirname "$0")/../lib/maven-classpath.sh"
SPARK_VERSION="${PLUMB_SPARK_VERSION:-4.2.0}"
DIR="${PLUMB_CACHE:-$HOME/.cache/plumb}/spark-kafka/$SPARK_VERSION"
LIST="$DIR/jars.txt"

maven_exit_if_cached "$LIST" ',' content
maven_pom "$DIR" plumb-spark-kafka "$SPARK_VERSION" scripts/python/spark-kafka.sh \
  "$(maven_dependency "org.apache.spark:spark-sql-kafka-0-10_2.13:$SPARK_VERSION")"
# Spark's parent POM names a mirror that is not Maven Central; send every repository to Central.
cat >"$DIR/settings.xml" <<'XML'
<!-- DO NOT EDIT: written by scripts/python/spark-kafka.sh -->
<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>https://repo.maven.apache.org/maven2</url></mirror></mirrors></settings>
XML
maven_classpath "$DIR" classpath.txt -s settings.xml
# Hadoop, Scala, slf4j, lz4 and snappy come with PySpark; two copies on one classpath conflict.
tr ':' '\n' <"$DIR/classpath.txt" | grep -E '/(spark-sql-kafka-0-10|spark-token-provider-kafka-0-10|kafka-clients|commons-pool2)[^/]*\.jar$' | paste -sd, >"$LIST.tmp"
[[ $(tr ',' '\n' <"$LIST.tmp" | wc -l) -eq 4 ]] || { echo "spark-kafka.sh: expected 4 jars, got: $(cat "$LIST.tmp")" >&2; exit 1; }
mv "$LIST.tmp" "$LIST"
cat "$LIST"
