# Sourced by the sbin/ scripts: where Spindle lives, which java to run, and the class path of a
# built module. Not meant to be run on its own.

SPINDLE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA_CMD=${JAVA_HOME:+$JAVA_HOME/bin/}java

# spindle_classpath MODULE: the module's classes and its runtime dependencies, after
# HADOOP_CONF_DIR (the cluster's *-site.xml) and conf/ (spindle-site.xml, log4j.properties).
spindle_classpath() {
  local module=$1
  local classes=$SPINDLE_HOME/$module/target/classes
  local dependencies=$SPINDLE_HOME/$module/target/runtime-classpath.txt
  if [[ ! -d $classes || ! -f $dependencies ]]; then
    echo "$(basename "$0"): Spindle is not built; run: mvn -B -ntp -DskipTests package" >&2
    exit 1
  fi
  local path=$SPINDLE_HOME/conf:$classes:$(cat "$dependencies")
  if [[ -n ${HADOOP_CONF_DIR:-} ]]; then
    path=$HADOOP_CONF_DIR:$path
  fi
  printf '%s' "$path"
}

# The JVM options every Spindle command runs with: where the jars shipped to YARN are, and conf/.
SPINDLE_OPTS=(-Dspindle.lib.dir="$SPINDLE_HOME/appmaster/target/lib" -Dspindle.conf.dir="$SPINDLE_HOME/conf")

# spindle_log_to_file COMMAND: the libraries' logging (Hadoop, Kafka, ZooKeeper, the embedded
# services) goes to $SPINDLE_LOG_DIR (default: logs/ under SPINDLE_HOME) instead of the console.
spindle_log_to_file() {
  local dir=${SPINDLE_LOG_DIR:-$SPINDLE_HOME/logs}
  mkdir -p "$dir"
  SPINDLE_OPTS+=(-Dspindle.root.logger=INFO,file -Dspindle.log.dir="$(cd "$dir" && pwd)"
    -Dspindle.log.file="$1-$(date +%Y%m%d-%H%M%S)-$$.log")
}
