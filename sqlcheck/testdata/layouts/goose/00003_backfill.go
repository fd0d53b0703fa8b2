package migrations

// A Go migration: listed as not analysed.
