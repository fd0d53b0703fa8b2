package checksoff

// Run with checks "all,-TV0001,-TV0002": those rules report nothing, the others still do.

func f() {
	// tenantvet:ignore sqlscope
	_ = 1

	//tenantvet:ignore sqlscop -- typo, but TV0002 is off
	_ = 2

	// A directive naming a rule that is off is used by the finding it would suppress, so it is
	// not reported as suppressing nothing (TV0003).
	//tenantvet:ignore TV0002 -- the typo below is a fixture
	//tenantvet:ignore sqlscop -- typo
	_ = 3

	//tenantvet:ignor sqlscope -- verb typo // want `unknown directive tenantvet:ignor: use tenantvet:ignore, tenantvet:file-ignore or tenantvet:job \(TV0004\)`
	_ = 4
}
