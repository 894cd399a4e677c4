package fake

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Tokens. A bearer token names one user of one tenant. Tests get one with
// [World.TokenFor]; a service-account JSON made by
// [World.NewServiceAccountJSON] gets one from the Server's token endpoint
// through golang.org/x/oauth2/google with domain-wide delegation (the
// JWT-bearer grant with a "sub" claim), as at Google. Tokens do not expire
// in the fake.

// TokenFor returns a bearer token acting as the user with this email (or
// ID), issuing one the first time.
func (w *World) TokenFor(email string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return "", err
	}
	return w.tokenOf(u), nil
}

// identity returns the primary email and a bearer token of the user with
// this email (primary or alias, any case).
func (w *World) identity(email string) (primary, token string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, err := w.userOrErr(email)
	if err != nil {
		return "", "", err
	}
	return u.email, w.tokenOf(u), nil
}

func (w *World) tokenOf(u *user) string {
	if tok, ok := w.userTokens[u.id]; ok {
		return tok
	}
	// An HMAC of the user's ID under the World's token key: unguessable
	// unless the seed fixed the key (Seed.TokenSecret), and never the same
	// across Worlds that did not.
	mac := hmac.New(sha256.New, w.tokenKey[:])
	mac.Write([]byte(u.id))
	tok := "ya29.fake-" + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
	w.tokens[tok] = u
	w.userTokens[u.id] = tok
	return tok
}

// tokenUser returns the ID of the user a bearer token acts as.
func (w *World) tokenUser(tok string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, ok := w.tokens[tok]
	if !ok {
		return "", false
	}
	return u.id, true
}

// NewServiceAccountJSON returns a service-account key file (JSON, type
// service_account) with a fresh RSA key whose token_uri is tokenURI (use
// [Server.TokenURL]). The World registers its public key, so the Server's
// token endpoint accepts JWTs it signs, for any Subject user of the World.
func (w *World) NewServiceAccountJSON(tokenURI string) ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("fake: generating a service-account key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("fake: encoding a service-account key: %w", err)
	}
	w.mu.Lock()
	n := len(w.serviceAccounts) + 1
	email := fmt.Sprintf("resellerkit-%d@fake-project.iam.gserviceaccount.com", n)
	w.serviceAccounts[email] = &key.PublicKey
	w.mu.Unlock()
	return json.MarshalIndent(map[string]string{
		"type":                        "service_account",
		"project_id":                  "fake-project",
		"private_key_id":              fmt.Sprintf("fake-key-%d", n),
		"private_key":                 string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":                email,
		"client_id":                   fmt.Sprintf("1%020d", n),
		"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
		"token_uri":                   tokenURI,
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
	}, "", "  ")
}

type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func writeOAuthError(rw http.ResponseWriter, status int, code, desc string) {
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.WriteHeader(status)
	json.NewEncoder(rw).Encode(oauthError{Error: code, Description: desc})
}

type jwtClaims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Exp   int64  `json:"exp"`
	Iat   int64  `json:"iat"`
}

// serveToken is the OAuth 2.0 token endpoint: the JWT-bearer grant
// (RFC 7523) that golang.org/x/oauth2/jwt sends. The JWT's signature is
// checked against the key of a service account registered with
// [World.NewServiceAccountJSON]; its "sub" must be an active user, which the
// token then acts as. The expiry is checked against the wall clock. The
// request log names it "oauth2.token".
func (s *Server) serveToken(rw http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests.add("oauth2.token")
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeOAuthError(rw, 400, "invalid_request", "the body must be a form")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		writeOAuthError(rw, 400, "unsupported_grant_type", "the fake supports only the JWT-bearer grant")
		return
	}
	parts := strings.Split(r.PostForm.Get("assertion"), ".")
	if len(parts) != 3 {
		writeOAuthError(rw, 400, "invalid_grant", "the assertion is not a JWT")
		return
	}
	var header struct {
		Alg string `json:"alg"`
	}
	var claims jwtClaims
	if err := decodeSegment(parts[0], &header); err != nil || header.Alg != "RS256" {
		writeOAuthError(rw, 400, "invalid_grant", "the JWT header must name alg RS256")
		return
	}
	if err := decodeSegment(parts[1], &claims); err != nil {
		writeOAuthError(rw, 400, "invalid_grant", "the JWT claims cannot be decoded")
		return
	}
	w := s.world
	w.mu.Lock()
	pub := w.serviceAccounts[claims.Iss]
	w.mu.Unlock()
	if pub == nil {
		writeOAuthError(rw, 401, "invalid_client", "The OAuth client was not found.")
		return
	}
	// Some clients pad the segments with "=" (Debian's python3-google-auth
	// 1.5 does); Google accepts both, as decodeSegment does for the others.
	sig, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "="))
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err != nil || rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) != nil {
		writeOAuthError(rw, 400, "invalid_grant", "Invalid JWT Signature.")
		return
	}
	if claims.Exp != 0 && time.Unix(claims.Exp, 0).Before(time.Now()) {
		writeOAuthError(rw, 400, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.")
		return
	}
	if strings.TrimSpace(claims.Scope) == "" {
		writeOAuthError(rw, 400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.")
		return
	}
	if claims.Sub == "" {
		writeOAuthError(rw, 400, "invalid_grant", "the fake needs a subject (domain-wide delegation): set Subject to a user of the World")
		return
	}
	w.mu.Lock()
	u := w.lookupUser(claims.Sub)
	var tok string
	if u != nil && u.active() {
		tok = w.tokenOf(u)
	}
	w.mu.Unlock()
	if tok == "" {
		writeOAuthError(rw, 400, "invalid_grant", "Invalid email or User ID")
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(rw).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// parsePublicKey reads an RSA public key in PEM ("PUBLIC KEY", PKIX), as
// [publicKeyPEM] writes it.
func parsePublicKey(p string) (*rsa.PublicKey, error) {
	b, _ := pem.Decode([]byte(p))
	if b == nil || b.Type != "PUBLIC KEY" {
		return nil, errors.New(`want a PEM block of type "PUBLIC KEY"`)
	}
	k, err := x509.ParsePKIXPublicKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("want an RSA public key")
	}
	return pub, nil
}

// publicKeyPEM writes an RSA public key in PEM, for [World.Seed].
func publicKeyPEM(k *rsa.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}
