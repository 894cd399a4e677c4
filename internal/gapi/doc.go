// Package gapi classifies what Google's REST APIs answer (rule W1 of the
// access model): an HTTP status plus the machine reasons of Google's JSON
// error envelope, or a transport error, becomes one [Class]. Rule W1 is in
// docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md#w1).
//
// It is shared by the retry transport (which sees raw responses) and by the
// root package's Wrap (which sees the *googleapi.Error the generated clients
// return), so both decide alike. It never looks at substrings of a body,
// with one documented exception: Google's 500 "role assignment exists",
// which is a duplicate, is recognised by the envelope's message.
//
// It also holds [Page], the one way the Google-backed services set the page
// size and token of a generated list call.
//
// The package does not import the root package; the root maps a Class to
// its Kind.
package gapi
