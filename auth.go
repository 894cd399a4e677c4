package resellerkit

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"slices"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	admin "google.golang.org/api/admin/directory/v1"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/licensing/v1"
	"google.golang.org/api/reseller/v1"
)

// OAuth scopes, least privilege per package (rule W6). With domain-wide
// delegation, every scope a Conn requests must be granted to the service
// account's client ID in the Admin console (Security › API controls ›
// Domain-wide delegation), or no token is issued at all.
const (
	// ScopeDirectoryUser reads and writes users: package domains (staff
	// accounts, rule S3) and access (account state, P5).
	ScopeDirectoryUser = admin.AdminDirectoryUserScope
	// ScopeDirectoryUserReadonly is enough for read-only use of users.
	ScopeDirectoryUserReadonly = admin.AdminDirectoryUserReadonlyScope
	// ScopeDirectoryOrgUnit creates the staff org unit (rule S3).
	ScopeDirectoryOrgUnit = admin.AdminDirectoryOrgunitScope
	// ScopeDirectoryDomainReadonly lists the reseller domains (rules D1-D4).
	ScopeDirectoryDomainReadonly = admin.AdminDirectoryDomainReadonlyScope
	// ScopeDirectoryRoleManagement reads and writes roles and role
	// assignments: package roles (rules P1-P4, S5).
	ScopeDirectoryRoleManagement = admin.AdminDirectoryRolemanagementScope
	// ScopeDirectoryRoleManagementReadonly is enough for access checks.
	ScopeDirectoryRoleManagementReadonly = admin.AdminDirectoryRolemanagementReadonlyScope
	// ScopeLicensing reads and writes license assignments: package
	// licensing (rules L1-L4, S4).
	ScopeLicensing = licensing.AppsLicensingScope
	// ScopeResellerReadonly reads customers and subscriptions: package
	// domains (customers per reseller domain, D5) and licensing (seats, L4).
	ScopeResellerReadonly = reseller.AppsOrderReadonlyScope
	// ScopeReseller also changes customers and subscriptions; the SDK does
	// not need it.
	ScopeReseller = reseller.AppsOrderScope
	// ScopeCloudPlatform is the scope of the Cloud Support API v2: package
	// cases, with its Cloud Support store. It is broad; it is not requested
	// unless given to [WithScopes].
	ScopeCloudPlatform = cloudsupport.CloudPlatformScope
)

// DefaultScopes returns the scopes a service-account Conn requests when
// [WithScopes] is not given: what packages domains, roles and licensing
// need, and no more. Package cases over the Cloud Support API also needs
// [ScopeCloudPlatform]; add it with WithScopes(append(DefaultScopes(),
// ScopeCloudPlatform)...).
func DefaultScopes() []string {
	return []string{
		ScopeDirectoryUser,
		ScopeDirectoryOrgUnit,
		ScopeDirectoryDomainReadonly,
		ScopeDirectoryRoleManagement,
		ScopeLicensing,
		ScopeResellerReadonly,
	}
}

// serviceAccount loads a service-account key (and only that type: a user
// or external-account JSON is refused, as Google advises for credentials
// that come from outside the program) and returns a function that builds a
// fresh token source from it, for the first token and after a 401.
func serviceAccount(ctx context.Context, opt string, b []byte, scopes []string, subject string, tokenClient *http.Client) (func() (oauth2.TokenSource, error), error) {
	const op = "resellerkit.Dial"
	var f struct {
		Type        string `json:"type"`
		ClientEmail string `json:"client_email"`
		PrivateKey  string `json:"private_key"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, invalidField(op, opt, "the service-account key is not valid JSON; download a new JSON key for the service account")
	}
	if f.Type != string(google.ServiceAccount) {
		return nil, invalidField(op, opt, "the JSON is of type "+quote(f.Type)+", not \"service_account\"; use a service-account key (user and external-account credentials cannot use domain-wide delegation)")
	}
	if f.ClientEmail == "" {
		return nil, invalidField(op, opt, "the service-account key has no client_email; download a new JSON key")
	}
	if !validPrivateKey(f.PrivateKey) {
		return nil, invalidField(op, opt, "the service-account key's private_key is not a PEM-encoded RSA key; download a new JSON key")
	}
	// The token source keeps this context for its HTTP client; it must
	// outlive Dial's ctx.
	tctx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient, tokenClient)
	params := google.CredentialsParams{Scopes: slices.Clone(scopes), Subject: subject}
	load := func() (oauth2.TokenSource, error) {
		creds, err := google.CredentialsFromJSONWithTypeAndParams(tctx, b, google.ServiceAccount, params)
		if err != nil {
			return nil, err
		}
		return creds.TokenSource, nil
	}
	if _, err := load(); err != nil {
		return nil, &Error{Kind: KindInvalidArgument, Op: op, Err: &FieldError{Field: opt, Reason: "the service-account key could not be loaded: " + err.Error()}}
	}
	return load, nil
}

func validPrivateKey(s string) bool {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return false
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return true
	}
	_, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	return err == nil
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
