# Sourced by the commands: where Spindle lives, which java to run, and the class path of a command.
# Not meant to be run on its own. It serves two layouts:
#  - a binary distribution (bin/ beside lib/): lib/*.jar, then Hadoop: the cluster's when
#    HADOOP_CLASSPATH or HADOOP_HOME says where it is ("hadoop-provided"), else lib/hadoop/*;
#  - a source build (sbin/ beside the modules): a module's target/classes and its runtime dependencies.

SPINDLE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA_CMD=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [[ -z ${HADOOP_CONF_DIR:-} && -n ${HADOOP_HOME:-} && -d $HADOOP_HOME/etc/hadoop ]]; then
  HADOOP_CONF_DIR=$HADOOP_HOME/etc/hadoop
fi

if [[ -d $SPINDLE_HOME/lib ]]; then
  SPINDLE_LIB_DIR=$SPINDLE_HOME/lib
else
  SPINDLE_LIB_DIR=$SPINDLE_HOME/appmaster/target/lib
fi

# The Hadoop jars of a distribution: the cluster's, or the bundled ones.
spindle_hadoop_classpath() {
  if [[ -n ${HADOOP_CLASSPATH:-} ]]; then
    printf '%s' "$HADOOP_CLASSPATH"
  elif [[ -n ${HADOOP_HOME:-} ]]; then
    "$HADOOP_HOME/bin/hadoop" classpath
  else
    printf '%s' "$SPINDLE_HOME/lib/hadoop/*"
  fi
}

# spindle_classpath MODULE: after HADOOP_CONF_DIR (the cluster's *-site.xml) and conf/
# (spindle-site.xml, log4j.properties), the command's jars: in a source build, MODULE's classes and
# its runtime dependencies; in a distribution, lib/ and Hadoop's.
spindle_classpath() {
  local module=$1 path
  if [[ -d $SPINDLE_HOME/lib ]]; then
    path=$SPINDLE_HOME/conf:$SPINDLE_HOME/lib/*:$(spindle_hadoop_classpath)
  else
    local classes=$SPINDLE_HOME/$module/target/classes
    local dependencies=$SPINDLE_HOME/$module/target/runtime-classpath.txt
    if [[ ! -d $classes || ! -f $dependencies ]]; then
      echo "$(basename "$0"): Spindle is not built; run: mvn -B -ntp -DskipTests package" >&2
      exit 1
    fi
    path=$SPINDLE_HOME/conf:$classes:$(cat "$dependencies")
  fi
  if [[ -n ${HADOOP_CONF_DIR:-} ]]; then
    path=$HADOOP_CONF_DIR:$path
  fi
  printf '%s' "$path"
}

# The JVM options every Spindle command runs with: where the jars shipped to YARN are, and conf/.
SPINDLE_OPTS=(-Dspindle.lib.dir="$SPINDLE_LIB_DIR" -Dspindle.conf.dir="$SPINDLE_HOME/conf")

# spindle_log_to_file COMMAND: the libraries' logging (Hadoop, Kafka, ZooKeeper, the embedded
# services) goes to $SPINDLE_LOG_DIR (default: logs/ under SPINDLE_HOME) instead of the console.
spindle_log_to_file() {
  local dir=${SPINDLE_LOG_DIR:-$SPINDLE_HOME/logs}
  mkdir -p "$dir"
  SPINDLE_OPTS+=(-Dspindle.root.logger=INFO,file -Dspindle.log.dir="$(cd "$dir" && pwd)"
    -Dspindle.log.file="$1-$(date +%Y%m%d-%H%M%S)-$$.log")
}
