#!/usr/bin/env bash
# Fetches Spark's Kafka source for PySpark from Maven Central into the Plumb cache and
# prints a comma-separated list of its jars (for `spark.jars`). Only the jars PySpark
# does not already ship are listed. Idempotent.
set -euo pipefail
SPARK_VERSION="${PLUMB_SPARK_VERSION:-4.2.0}"
DIR="${PLUMB_CACHE:-$HOME/.cache/plumb}/spark-kafka/$SPARK_VERSION"
LIST="$DIR/jars.txt"

if [[ -s "$LIST" ]] && tr ',' '\n' <"$LIST" | xargs -r ls >/dev/null 2>&1; then
  cat "$LIST"
  exit 0
fi
command -v mvn >/dev/null || { echo "spark-kafka.sh: mvn not found (apt-get install maven)" >&2; exit 1; }
mkdir -p "$DIR"
cat >"$DIR/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- DO NOT EDIT: written by scripts/python/spark-kafka.sh -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.plumb</groupId>
  <artifactId>plumb-spark-kafka</artifactId>
  <version>$SPARK_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql-kafka-0-10_2.13</artifactId><version>$SPARK_VERSION</version></dependency>
  </dependencies>
</project>
POM
# Spark's parent POM names a mirror that is not Maven Central; send every repository to Central.
cat >"$DIR/settings.xml" <<'XML'
<!-- DO NOT EDIT: written by scripts/python/spark-kafka.sh -->
<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>https://repo.maven.apache.org/maven2</url></mirror></mirrors></settings>
XML
(cd "$DIR" && mvn -q -B -s settings.xml dependency:build-classpath -Dmdep.outputFile=classpath.txt -Dmdep.includeScope=runtime) >&2
# Hadoop, Scala, slf4j, lz4 and snappy come with PySpark; two copies on one classpath conflict.
tr ':' '\n' <"$DIR/classpath.txt" | grep -E '/(spark-sql-kafka-0-10|spark-token-provider-kafka-0-10|kafka-clients|commons-pool2)[^/]*\.jar$' | paste -sd, >"$LIST.tmp"
[[ $(tr ',' '\n' <"$LIST.tmp" | wc -l) -eq 4 ]] || { echo "spark-kafka.sh: expected 4 jars, got: $(cat "$LIST.tmp")" >&2; exit 1; }
mv "$LIST.tmp" "$LIST"
cat "$LIST"
