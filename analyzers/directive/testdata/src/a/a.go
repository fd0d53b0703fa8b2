package a

func f() {
	//tenantvet:ignore sqlscope -- health check touches no tenant data
	_ = 1

	//tenantvet:ignore TV1001,logredact -- two rules, both known
	_ = 2

	// tenantvet:ignore sqlscope // want `tenantvet:ignore directive has no reason: add " -- why this is safe" \(TV0001\)`
	_ = 3

	//tenantvet:ignore sqlscop -- typo // want `tenantvet:ignore names unknown rule sqlscop: run .tenantvet rules. for the ids \(TV0002\)`
	_ = 4

	//tenantvet:ignore -- no rule // want `tenantvet:ignore directive names no rule: write //tenantvet:ignore RULE -- reason \(TV0004\)`
	_ = 5

	//tenantvet:ignor sqlscope -- verb typo // want `unknown directive tenantvet:ignor: use tenantvet:ignore, tenantvet:file-ignore or tenantvet:job \(TV0004\)`
	_ = 6

	// An ordinary comment that mentions tenantvet without the directive prefix is left alone.
	_ = 7
}

//tenantvet:job
type Job struct{ TenantID string }

//tenantvet:file-ignore logredact -- generated fixtures
