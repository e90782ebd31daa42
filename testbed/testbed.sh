#!/usr/bin/env bash
# Brings up (or down) parity's testbed: two real servers on loopback.
#   old: MariaDB 10.11 from Debian bookworm, datadir under $PARITY_TESTBED_STATE
#   new: MySQL 9.x from Debian sid, inside a cached debootstrap chroot
# Idempotent: a second "up" reuses the installed packages, the chroot, the
# datadirs and any server that already answers. Needs root on Debian 12.
set -euo pipefail

cmd=${1:-up}
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${PARITY_TESTBED_STATE:-/var/lib/parity-testbed}
chroot_dir=${PARITY_TESTBED_CHROOT:-/var/cache/parity-testbed/mysql-sid}
old_port=${PARITY_TESTBED_OLD_PORT:-23306}
new_port=${PARITY_TESTBED_NEW_PORT:-23307}
env_file=${PARITY_TESTBED_ENV:-$repo/.testbed.env}
node_dir=${PARITY_TESTBED_NODE:-/var/cache/parity-testbed/node}
user=parity
pass=parity-test-pw

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (installs packages and starts servers)"; }

apt_install() {
	# Keep Debian's postinst from starting a system MariaDB on 3306.
	local guard=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
	fi
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$state/apt.log" 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$state/apt.log" 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$state/apt.log" 2>&1 ||
			{ [ $guard = 1 ] && rm -f /usr/sbin/policy-rc.d; tail -20 "$state/apt.log" >&2; die "apt-get install $* failed (log: $state/apt.log)"; }
	fi
	[ $guard = 1 ] && rm -f /usr/sbin/policy-rc.d
	return 0
}

debian_mirror() {
	local m
	m=$(grep -hoE '^URIs: *https?://[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 | sed 's/^URIs: *//')
	[ -n "$m" ] || m=$(grep -hoE '^deb +https?://[^ ]+debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 | awk '{print $2}')
	printf '%s' "${m:-http://deb.debian.org/debian}"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds what
	local i
	for ((i = 0; i < $2 * 4; i++)); do port_open "$1" && return 0; sleep 0.25; done
	return 1
}

old_client() { mariadb --no-defaults --protocol=socket --socket="$state/mariadb/sock" -uroot "$@"; }
new_client() { chroot "$chroot_dir" /usr/bin/mysql --no-defaults --protocol=socket --socket=/run/mysqld/parity.sock -uroot "$@"; }

# Both servers get the same test user; tests and the demo connect over TCP with it.
grant_sql="CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$pass';
GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$pass';
GRANT ALL PRIVILEGES ON *.* TO '$user'@'localhost' WITH GRANT OPTION;"

up_old() {
	command -v mariadbd >/dev/null || { log "installing MariaDB from Debian"; apt_install mariadb-server mariadb-client; }
	local d=$state/mariadb
	if [ ! -d "$d/data/mysql" ]; then
		log "initializing MariaDB datadir $d/data"
		rm -rf "$d/data"; mkdir -p "$d/data"
		mariadb-install-db --no-defaults --datadir="$d/data" --user=root --auth-root-authentication-method=normal >"$d/init.log" 2>&1 ||
			{ tail -20 "$d/init.log" >&2; die "mariadb-install-db failed"; }
	fi
	if ! port_open "$old_port"; then
		log "starting MariaDB on 127.0.0.1:$old_port"
		# Its own tmpdir: nothing that cleans /tmp can delete the files of
		# a temporary table under a running query.
		mkdir -p "$d/tmp"
		setsid nohup mariadbd --no-defaults --user=root --datadir="$d/data" --port="$old_port" \
			--bind-address=127.0.0.1 --socket="$d/sock" --pid-file="$d/mariadbd.pid" --tmpdir="$d/tmp" \
			--innodb-buffer-pool-size=1G --innodb-log-file-size=512M --innodb-flush-log-at-trx-commit=0 \
			--max-allowed-packet=256M --skip-name-resolve --log-error="$d/error.log" \
			</dev/null >/dev/null 2>&1 &
		wait_port "$old_port" 60 || { tail -20 "$d/error.log" >&2; die "MariaDB did not start"; }
	fi
	old_client -e "$grant_sql"
}

up_new() {
	if [ ! -x "$chroot_dir/usr/sbin/mysqld" ] || [ ! -f "$chroot_dir/.parity-complete" ]; then
		command -v debootstrap >/dev/null || { log "installing debootstrap"; apt_install debootstrap; }
		local mirror; mirror=$(debian_mirror)
		log "building MySQL 9.x chroot from sid at $chroot_dir (mirror $mirror; one time, ~650 MB)"
		rm -rf "$chroot_dir"; mkdir -p "$(dirname "$chroot_dir")"
		debootstrap --variant=minbase --include=mysql-server-core,mysql-client-core sid "$chroot_dir" "$mirror" >"$state/debootstrap.log" 2>&1 ||
			{ tail -20 "$state/debootstrap.log" >&2; die "debootstrap failed (log: $state/debootstrap.log)"; }
		touch "$chroot_dir/.parity-complete"
	fi
	mkdir -p "$chroot_dir/run/mysqld" "$chroot_dir/data"
	if [ ! -d "$chroot_dir/data/parity/mysql" ]; then
		log "initializing MySQL datadir $chroot_dir/data/parity"
		rm -rf "$chroot_dir/data/parity"
		chroot "$chroot_dir" /usr/sbin/mysqld --no-defaults --initialize-insecure --user=root --datadir=/data/parity \
			>"$state/mysql-init.log" 2>&1 || { tail -20 "$state/mysql-init.log" >&2; die "mysqld --initialize failed"; }
	fi
	if ! port_open "$new_port"; then
		log "starting MySQL on 127.0.0.1:$new_port"
		setsid nohup chroot "$chroot_dir" /usr/sbin/mysqld --no-defaults --user=root --datadir=/data/parity \
			--port="$new_port" --bind-address=127.0.0.1 --socket=/run/mysqld/parity.sock \
			--pid-file=/run/mysqld/parity.pid --mysqlx=OFF --secure-file-priv= \
			--disable-log-bin --innodb-buffer-pool-size=1G --innodb-redo-log-capacity=1G \
			--innodb-flush-log-at-trx-commit=0 --max-allowed-packet=256M --skip-name-resolve \
			--log-error=/data/parity-error.log </dev/null >/dev/null 2>&1 &
		wait_port "$new_port" 90 || { tail -20 "$chroot_dir/data/parity-error.log" >&2; die "MySQL did not start"; }
	fi
	local i
	for ((i = 0; i < 60; i++)); do new_client -e "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
	new_client -e "$grant_sql"
}

up() {
	need_root
	mkdir -p "$state"
	up_old
	up_new
	local old="$user:$pass@tcp(127.0.0.1:$old_port)/"
	local new="$user:$pass@tcp(127.0.0.1:$new_port)/"
	cat >"$env_file" <<EOT
# Written by testbed/testbed.sh up. Source it, or let make read it.
PARITY_TEST_OLD_DSN='$old'
PARITY_TEST_NEW_DSN='$new'
export PARITY_TEST_OLD_DSN PARITY_TEST_NEW_DSN
EOT
	log "old (MariaDB $(old_client -Nse 'SELECT VERSION()')): PARITY_TEST_OLD_DSN=$old"
	log "new (MySQL $(new_client -Nse 'SELECT VERSION()' 2>/dev/null)): PARITY_TEST_NEW_DSN=$new"
	log "env written to $env_file"
}

stop_pid() { # pidfile what
	[ -f "$1" ] || return 0
	local pid; pid=$(cat "$1")
	kill "$pid" 2>/dev/null || return 0
	local i
	for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || { log "$2 stopped"; return 0; }; sleep 0.25; done
	kill -9 "$pid" 2>/dev/null || true
	log "$2 killed after 30s"
}

down() {
	stop_pid "$state/mariadb/mariadbd.pid" MariaDB
	stop_pid "$chroot_dir/run/mysqld/parity.pid" MySQL
	rm -f "$env_file"
}

# browser installs Debian's chromium, which the tests use to load HTML
# reports headless. Idempotent: nothing to do when it is already there.
browser() {
	command -v chromium >/dev/null && return 0
	need_root
	mkdir -p "$state"
	log "installing chromium (headless checks of HTML reports)"
	apt_install chromium
}

# The independent readers the output tests read parity's files with, from
# npm: DuckDB (Parquet, CSV) and apache-arrow (Arrow IPC). They live in a
# machine-level cache outside the repository; a stamp of the pinned
# versions makes a second run a no-op.
node_packages="@duckdb/node-api@1.5.6-r.1 apache-arrow@21.2.0"

readers() {
	if [ -f "$node_dir/.parity-stamp" ] && [ "$(cat "$node_dir/.parity-stamp")" = "$node_packages" ]; then
		return 0
	fi
	need_root
	mkdir -p "$state" "$node_dir"
	command -v npm >/dev/null || { log "installing node and npm from Debian"; apt_install nodejs npm; }
	log "installing $node_packages into $node_dir"
	[ -f "$node_dir/package.json" ] || printf '{"name": "parity-test-readers", "private": true}\n' >"$node_dir/package.json"
	# shellcheck disable=SC2086 # one word per package
	(cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error $node_packages) >"$state/npm.log" 2>&1 ||
		{ tail -20 "$state/npm.log" >&2; die "npm install failed (log: $state/npm.log)"; }
	printf '%s' "$node_packages" >"$node_dir/.parity-stamp"
}

# The object stores the object-storage tests write to, built from the Go
# module proxy into GOBIN (default $(go env GOPATH)/bin): versitygw, an
# S3 gateway over a local directory, and fake-gcs-server, a GCS emulator.
# Each test starts its own on a free port. A binary already there at the
# pinned version is kept; both build at once (the first build takes a few
# minutes).
objstore_tools="github.com/versity/versitygw/cmd/versitygw@v1.8.0 github.com/fsouza/fake-gcs-server@v1.56.1"

objstores() {
	local gobin pids=() tool name version
	gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
	mkdir -p "$state"
	for tool in $objstore_tools; do
		name=${tool%@*}; name=${name##*/}; version=${tool##*@}
		if [ -x "$gobin/$name" ] && go version -m "$gobin/$name" 2>/dev/null | grep -q "	mod	.*	$version	"; then
			continue
		fi
		log "building $tool into $gobin"
		go install "$tool" >"$state/go-install-$name.log" 2>&1 &
		pids+=($!)
	done
	local failed=0 pid
	for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
	[ $failed = 0 ] || { tail -20 "$state"/go-install-*.log >&2; die "go install of the object stores failed (logs: $state/go-install-*.log)"; }
}

# client runs a server's own command-line client as root over its socket:
# MariaDB's mariadb for old, the chroot's MySQL mysql for new. Standard
# input passes through, so a dump can be loaded with it.
client() {
	case ${1:-} in
	old) shift; old_client "$@" ;;
	new) shift; new_client "$@" ;;
	*) die "usage: $0 client old|new [client options]" ;;
	esac
}

# dump runs mariadb-dump against the old server as root over its socket.
dump() {
	mariadb-dump --no-defaults --protocol=socket --socket="$state/mariadb/sock" -uroot "$@"
}

# peers installs what make bench times parity against: mydumper (SQL dump
# with 2 threads), pt-upgrade (replay, from percona-toolkit), taskset (pinning
# server and client to separate cores) and GNU time (a command's peak RSS).
peers() {
	command -v mydumper >/dev/null || { log "installing mydumper from Debian"; apt_install mydumper; }
	command -v pt-upgrade >/dev/null || { log "installing percona-toolkit (pt-upgrade) from Debian"; apt_install percona-toolkit; }
	command -v taskset >/dev/null || apt_install util-linux
	[ -x /usr/bin/time ] || apt_install time
}

case $cmd in
up) up ;;
peers) peers ;;
down) down ;;
env) cat "$env_file" ;;
browser) browser ;;
readers) readers ;;
objstores) objstores ;;
client) shift; client "$@" ;;
dump) shift; dump "$@" ;;
*) die "usage: $0 up|down|peers|env|browser|readers|objstores|client old|new ...|dump ..." ;;
esac
