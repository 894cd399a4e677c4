#!/usr/bin/env bash
# Runs resellerkit's tests: the command README.md gives and .ci/run calls.
#
# It first makes sure Debian's Chromium is installed, because the dashboard's
# browser test (examples/dashboard) drives it, and Google's Python and Node
# clients, which the conformance tests of fake/conformance run: Debian's
# python3-googleapi, and the npm packages pinned in
# fake/conformance/node/package-lock.json. Extra arguments go to go test,
# e.g. scripts/test.sh -run TestBrowser ./examples/dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=""
# apt_install installs Debian packages, with sudo when not root.
apt_install() {
	local sudo=""
	if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	if [[ -z $apt_updated ]]; then
		$sudo apt-get update -qq
		apt_updated=1
	fi
	$sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1; then
	if command -v apt-get >/dev/null 2>&1; then
		echo "test.sh: installing Debian's chromium for the browser test" >&2
		apt_install chromium fonts-ipafont-gothic
	else
		echo "test.sh: chromium is not installed and apt-get is not available;" \
			"the browser test will be skipped (install chromium to run it)" >&2
	fi
fi

# Google's Python client for Debian's python3 (not a pyenv or virtualenv
# python3 on PATH): the conformance tests run /usr/bin/python3.
if ! /usr/bin/python3 -c 'import googleapiclient, google_auth_httplib2' >/dev/null 2>&1; then
	if command -v apt-get >/dev/null 2>&1; then
		echo "test.sh: installing Debian's python3-googleapi for the Python conformance tests" >&2
		apt_install python3 python3-googleapi
	else
		echo "test.sh: python3-googleapi is not installed and apt-get is not available;" \
			"the Python conformance tests will be skipped" >&2
	fi
fi

# Google's Node client, as pinned; npm ci runs again only when the lock
# file changed since the last install.
node_dir=fake/conformance/node
if command -v npm >/dev/null 2>&1; then
	if ! cmp -s "$node_dir/package-lock.json" "$node_dir/node_modules/.installed-lock.json"; then
		echo "test.sh: npm ci in $node_dir for the Node conformance tests" >&2
		(cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
		cp "$node_dir/package-lock.json" "$node_dir/node_modules/.installed-lock.json"
	fi
else
	echo "test.sh: npm is not installed; the Node conformance tests will be skipped" \
		"(install Node.js 20 or later)" >&2
fi

if [[ $# -eq 0 ]]; then
	set -- ./...
fi
exec go test -race -shuffle=on "$@"
