package roles

import "github.com/resellerkit/resellerkit"

// GoogleBackend exposes the Google backend to the external tests, so they
// can wrap it (to hide a listing, say) and still speak HTTP to fake.Server.
func GoogleBackend(conn *resellerkit.Conn) Backend { return &googleBackend{dir: conn.Directory()} }
