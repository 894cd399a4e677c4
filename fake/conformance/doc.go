// Package conformance holds no code: its tests run Google's own Python
// and Node clients against the command fakeworkspace, the way users in
// those languages run the fake.
//
// Each test builds fake/cmd/fakeworkspace, starts it on a free loopback
// port, reads its ready line, and runs one script of python/ (Google's
// google-api-python-client, built from the pinned discovery documents of
// google.golang.org/api) or node/ (the googleapis npm package, pinned in
// node/package-lock.json) with these environment variables:
//
//	FAKE_URL        the fake's base URL ("http://127.0.0.1:PORT/")
//	FAKE_READY      the ready line, JSON: tokens per reseller account, controlToken
//	FAKE_DISCOVERY  the directory of the google.golang.org/api module, which holds
//	                the discovery documents the fake serves
//
// A failing script fails the Go test with its output. Without the
// interpreter or the client libraries the tests are skipped, saying how to
// install them; scripts/test.sh installs both (Debian's python3-googleapi,
// and npm ci in node/).
package conformance
