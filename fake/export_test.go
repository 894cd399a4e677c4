package fake

import (
	"maps"
	"slices"
)

// AfterApplyMethods returns, sorted, the methods whose operations honour
// [Fault.AfterApply], so the external tests can check each one.
func AfterApplyMethods() []string { return slices.Sorted(maps.Keys(afterApplyMethods)) }
