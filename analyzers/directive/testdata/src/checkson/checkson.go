package checkson

// The same code as checksoff, with every rule on.

func f() {
	// tenantvet:ignore sqlscope // want `tenantvet:ignore directive has no reason: add " -- why this is safe" \(TV0001\)`
	_ = 1

	//tenantvet:ignore sqlscop -- typo // want `tenantvet:ignore names unknown rule sqlscop: run .tenantvet rules. for the ids \(TV0002\)`
	_ = 2

	//tenantvet:ignore TV0002 -- the typo below is a fixture
	//tenantvet:ignore sqlscop -- typo
	_ = 3

	//tenantvet:ignor sqlscope -- verb typo // want `unknown directive tenantvet:ignor: use tenantvet:ignore, tenantvet:file-ignore or tenantvet:job \(TV0004\)`
	_ = 4
}
