# Shared steps of the scripts that fetch jars from Maven Central into the Plumb cache
# (the Kafka broker, Spark's Kafka source). Source it.

# maven_list_cached FILE SEPARATOR: FILE is a non-empty list of jars that all exist.
maven_list_cached() {
  local file="$1" sep="$2"
  [[ -s "$file" ]] && tr "$sep" '\n' <"$file" | xargs -r ls >/dev/null 2>&1
}

# maven_exit_if_cached FILE SEPARATOR OUTPUT: when FILE lists jars that all exist, prints
# OUTPUT (`path`: FILE's path; `content`: the list) and exits 0. Otherwise checks that Maven
# is there to fetch them.
maven_exit_if_cached() {
  local file="$1" sep="$2" output="$3"
  if maven_list_cached "$file" "$sep"; then
    if [[ "$output" == path ]]; then echo "$file"; else cat "$file"; fi
    exit 0
  fi
  command -v mvn >/dev/null || { echo "$(basename "$0"): mvn not found (apt-get install maven)" >&2; exit 1; }
}

# maven_pom DIR ARTIFACT VERSION WRITTEN_BY DEPENDENCIES
# Writes DIR/pom.xml: a pom-packaged project dev.plumb:ARTIFACT:VERSION whose
# <dependencies> are the DEPENDENCIES lines, marked as written by WRITTEN_BY.
maven_pom() {
  local dir="$1" artifact="$2" version="$3" by="$4" deps="$5"
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- DO NOT EDIT: written by $by -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.plumb</groupId>
  <artifactId>$artifact</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencies>
$deps
  </dependencies>
</project>
POM
}

# maven_dependency DEPENDENCY: one <dependency> line for maven_pom, from group:artifact:version.
maven_dependency() {
  local g a v
  IFS=: read -r g a v <<<"$1"
  echo "    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"
}

# maven_classpath DIR OUT [mvn options...]: the runtime classpath of DIR/pom.xml
# (colon-separated jar paths) into OUT, resolved by Maven into its local repository.
maven_classpath() {
  local dir="$1" out="$2"
  shift 2
  (cd "$dir" && mvn -q -B "$@" dependency:build-classpath -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime) >&2
}
