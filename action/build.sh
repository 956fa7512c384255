#!/usr/bin/env bash
# action/build.sh - the GitHub Action's build step (action.yml): install the Debian/Ubuntu
# packages perf-reporter needs, from the .deb files cached under $PR_APT_CACHE when they
# are there (apt-get update only when that fails), and, unless $PR_PREFIX already holds
# a binary restored from the cache, build the action's own source ($GITHUB_ACTION_PATH)
# in a scratch copy and install it into $PR_PREFIX.
set -eu -o pipefail

src=${GITHUB_ACTION_PATH:?}
prefix=${PR_PREFIX:?}
apt_cache=${PR_APT_CACHE:?}
packages="build-essential autoconf automake pkg-config libjansson-dev libcsv-dev zlib1g-dev"

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
mkdir -p "$apt_cache/partial"
# shellcheck disable=SC2086 # the package list is words
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dir::Cache::Archives="$apt_cache" $packages >/dev/null 2>&1; then
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    -o Dir::Cache::Archives="$apt_cache" $packages >/dev/null
fi
# actions/cache saves the directory as the runner user.
$sudo rm -rf "$apt_cache/partial" "$apt_cache/lock"
$sudo chown -R "$(id -u):$(id -g)" "$apt_cache"

if [ -x "$prefix/bin/perf-reporter" ] && "$prefix/bin/perf-reporter" --version >/dev/null 2>&1; then
	echo "perf-reporter restored from the cache: $("$prefix/bin/perf-reporter" --version | head -n 1)"
	exit 0
fi
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
"$prefix/bin/perf-reporter" --version | head -n 1
