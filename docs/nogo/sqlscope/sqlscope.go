//go:build ignore

// This file is a sample (tools/nogo/sqlscope/sqlscope.go of a service repository); the build
// constraint above only keeps it out of tenantvet's own build. Delete that line when copying.

// Package sqlscope is tenantvet's sqlscope analyzer with this repository's schema model
// compiled in, for Bazel nogo. Embedding makes the model part of the nogo binary: a migration
// change rebuilds nogo, which re-runs the analysis of every package, as it must.
package sqlscope

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

//go:embed schema.json
var schema []byte

// Analyzer is sqlscope.Analyzer with its -schema flag naming the embedded model.
var Analyzer = sqlscope.Analyzer

func init() {
	// sqlscope reads the model from the file its -schema flag names. Write the embedded copy
	// once per content hash to the action's temporary directory and point the flag at it.
	sum := sha256.Sum256(schema)
	path := filepath.Join(os.TempDir(), "tenantvet-schema-"+hex.EncodeToString(sum[:12])+".json")
	if _, err := os.Stat(path); err != nil {
		f, err := os.CreateTemp(os.TempDir(), "tenantvet-schema-*.tmp")
		if err != nil {
			panic(err)
		}
		_, werr := f.Write(schema)
		cerr := f.Close()
		if werr != nil || cerr != nil {
			panic("write schema model: " + errString(werr, cerr))
		}
		if err := os.Rename(f.Name(), path); err != nil {
			panic(err)
		}
	}
	if err := Analyzer.Flags.Set("schema", path); err != nil {
		panic(err)
	}
}

func errString(errs ...error) string {
	for _, err := range errs {
		if err != nil {
			return err.Error()
		}
	}
	return ""
}
