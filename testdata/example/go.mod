module example.com/notes

go 1.26.0

require (
	github.com/hibiken/asynq v0.26.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/riverqueue/river v0.0.0-00010101000000-000000000000
	github.com/tenantvet/tenantvet v0.0.0
	gorm.io/gorm v1.31.2
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)

// The example service builds against this checkout of tenantvet's runtime and a stand-in copy
// of river's, asynq's and gorm's APIs (only the signatures the example needs), so the end-to-end tests are hermetic.
replace (
	github.com/hibiken/asynq => ./third_party/asynq
	github.com/riverqueue/river => ./third_party/river
	github.com/tenantvet/tenantvet => ../..
	gorm.io/gorm => ./third_party/gorm
)
