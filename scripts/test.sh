#!/usr/bin/env bash
# Runs resellerkit's tests: the command README.md gives and .ci/run calls.
#
# It first makes sure Debian's Chromium is installed, because the dashboard's
# browser test (examples/dashboard) drives it. Extra arguments go to go test,
# e.g. scripts/test.sh -run TestBrowser ./examples/dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
	if command -v apt-get >/dev/null 2>&1; then
		sudo=""
		if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
		echo "test.sh: installing Debian's chromium for the browser test" >&2
		export DEBIAN_FRONTEND=noninteractive
		$sudo apt-get update -qq
		$sudo apt-get install -y -qq --no-install-recommends chromium fonts-ipafont-gothic >/dev/null
	else
		echo "test.sh: chromium is not installed and apt-get is not available;" \
			"the browser test will be skipped (install chromium to run it)" >&2
	fi
fi

if [[ $# -eq 0 ]]; then
	set -- ./...
fi
exec go test -race -shuffle=on "$@"
