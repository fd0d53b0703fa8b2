module example.com/notes

go 1.26

require (
	github.com/jackc/pgx/v5 v5.12.0
	github.com/riverqueue/river v0.0.0
	github.com/tenantvet/tenantvet v0.0.0
)

// The example service builds against this checkout of tenantvet's runtime and a stand-in copy
// of river's API (only the signatures the example needs), so the end-to-end tests are hermetic.
replace (
	github.com/riverqueue/river => ./third_party/river
	github.com/tenantvet/tenantvet => ../..
)
