package resellerkit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
)

// This example points a Conn at a local stand-in for the Directory API, as
// tests do with package fake, and reads a user with the escape-hatch
// client. Google's first answer is a transient 503, which the Conn retries.
func ExampleDial() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError","message":"Backend Error"}]}}`)
			return
		}
		io.WriteString(w, `{"id":"100","primaryEmail":"ana@alder-reseller.example","suspended":false}`)
	}))
	defer srv.Close()

	ctx := context.Background()
	conn, err := resellerkit.Dial(ctx,
		resellerkit.WithoutAuthentication(), // a stand-in needs no token
		resellerkit.WithEndpoint(srv.URL),
		resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := conn.Directory().Users.Get("ana@alder-reseller.example").Context(ctx).Do()
	if err != nil {
		fmt.Println(resellerkit.Wrap("example.GetUser", err))
		return
	}
	fmt.Println(u.PrimaryEmail, "after", calls, "requests")
	// Output: ana@alder-reseller.example after 2 requests
}

// Bad or conflicting options are refused before any request, naming the
// option.
func ExampleDial_conflictingOptions() {
	_, err := resellerkit.Dial(context.Background(),
		resellerkit.WithoutAuthentication(),
		resellerkit.WithSubject("admin@alder-reseller.example"),
	)
	var fe *resellerkit.FieldError
	fmt.Println(errors.Is(err, resellerkit.ErrInvalidArgument), errors.As(err, &fe) && fe.Field == "WithSubject")
	fmt.Println(err)
	// Output:
	// true true
	// resellerkit.Dial: invalid argument: WithSubject: domain-wide delegation needs a service account; add WithServiceAccountJSON or WithServiceAccountFile
}

// Wrap classifies what Google answered. A duplicate role assignment comes
// back as HTTP 500 with the message "role assignment exists"; it is
// KindAlreadyExists, not a server failure to retry.
func ExampleWrap() {
	body := `{"error":{"code":500,"message":"role assignment exists: roleassignment 7, roleid 3","errors":[{"reason":"internalError","message":"role assignment exists: roleassignment 7, roleid 3"}]}}`
	gerr := googleapi.CheckResponse(&http.Response{StatusCode: 500, Body: io.NopCloser(strings.NewReader(body))})

	err := resellerkit.Wrap("roles.InsertAssignment", gerr)
	fmt.Println(resellerkit.KindOf(err), errors.Is(err, resellerkit.ErrAlreadyExists), resellerkit.IsRetryable(err))

	var ge *googleapi.Error
	fmt.Println(errors.As(err, &ge), ge.Code)
	// Output:
	// already exists true false
	// true 500
}
