// Package errs builds the [*resellerkit.Error] values the packages of this
// module return. The error type, its kinds and sentinels, [resellerkit.Wrap]
// and [resellerkit.KindOf] are public in the root package, because callers
// inspect errors; the constructors are here, because only this module's
// services raise them. A caller who implements one of the SDK's interfaces
// (a plan source, a seat source) builds a *resellerkit.Error literal.
//
// Two halves name an error (rule W1 classifies it): a service's google.go
// wraps each answer of Google with [Call], naming the API method by its
// discovery ID ("directory.users.get"); the service method passes what it
// got through [ForOp], naming the SDK operation the caller called
// ("domains.EnsureAccount"). Local checks raise [Invalid] (a bad field),
// [Errorf] or [New]. The rules are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md#w1).
package errs
