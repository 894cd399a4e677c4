package access

// PlanCatalogue exposes the plan's catalogue to the external tests of
// Plan.In.
func PlanCatalogue() map[string][6]string { return planTexts }

// ErrMessage exposes errMessage to the external tests.
func ErrMessage(err error) Message { return errMessage(err) }
