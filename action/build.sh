#!/usr/bin/env bash
# action/build.sh - the GitHub Action's build step (action.yml). When $PR_PREFIX already
# holds a binary restored from the cache that runs, nothing is installed. When it is there
# but cannot start (a fresh runner without the shared libraries), only the runtime
# libraries are installed (the packages the -dev packages depend on, as apt-cache names
# them), never the toolchain. Only when there is no usable binary are the toolchain and the
# -dev packages installed and the action's own source ($GITHUB_ACTION_PATH) built in a
# scratch copy and installed into $PR_PREFIX. Packages come from the .deb files cached
# under $PR_APT_CACHE when they are there (apt-get update only when that fails).
set -eu -o pipefail

src=${GITHUB_ACTION_PATH:?}
prefix=${PR_PREFIX:?}
apt_cache=${PR_APT_CACHE:?}
dev_packages="libjansson-dev libcsv-dev zlib1g-dev libxlsxwriter-dev"
toolchain="build-essential autoconf automake pkg-config"
bin=$prefix/bin/perf-reporter

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo

# build_install PACKAGE...: install from the cached .deb files, else after apt-get update.
build_install() {
	mkdir -p "$apt_cache/partial"
	if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    -o Dir::Cache::Archives="$apt_cache" "$@" >/dev/null 2>&1; then
		$sudo apt-get update -qq
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		    -o Dir::Cache::Archives="$apt_cache" "$@" >/dev/null
	fi
	# actions/cache saves the directory as the runner user.
	$sudo rm -rf "$apt_cache/partial" "$apt_cache/lock"
	$sudo chown -R "$(id -u):$(id -g)" "$apt_cache"
}

# build_runtime: the runtime libraries of the -dev packages (libjansson4, ...), one line.
build_runtime() {
	# shellcheck disable=SC2086 # the package list is words
	apt-cache depends $dev_packages 2>/dev/null |
	    awk '$1 == "Depends:" && $2 !~ /^</ && $2 !~ /-dev$/ { print $2 }' | sort -u | tr '\n' ' '
}

# build_usable: the cached binary is there and starts.
build_usable() {
	[ -x "$bin" ] && "$bin" --version >/dev/null 2>&1
}

if [ -x "$bin" ] && ! build_usable; then
	runtime=$(build_runtime)
	if [ -z "$runtime" ]; then # no package lists on the runner yet
		$sudo apt-get update -qq || true
		runtime=$(build_runtime)
	fi
	if [ -n "$runtime" ]; then
		echo "perf-reporter restored from the cache; installing its libraries: $runtime"
		# shellcheck disable=SC2086 # the package list is words
		build_install $runtime || true
	fi
fi
if build_usable; then
	echo "perf-reporter restored from the cache: $("$bin" --version | head -n 1)"
	exit 0
fi

# shellcheck disable=SC2086 # the package lists are words
build_install $toolchain $dev_packages
build=${RUNNER_TEMP:-/tmp}/perf-reporter-build
rm -rf "$build"
mkdir -p "$build"
(cd "$src" && tar --exclude=.git --exclude=node_modules -cf - .) | (cd "$build" && tar -xf -)
cd "$build"
./autogen.sh >/dev/null
./configure --quiet --prefix="$prefix" --disable-tests --disable-werror \
    --without-bash-completion-dir --without-zsh-completion-dir --without-fish-completion-dir
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
make install >/dev/null
"$bin" --version | head -n 1
