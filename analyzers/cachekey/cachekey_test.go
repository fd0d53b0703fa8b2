package cachekey_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/cachekey"
)

// TestCaches: maps, sync.Map, golang-lru, singleflight; each leak with its negative twin.
func TestCaches(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), cachekey.Analyzer, "cache")
}

// TestMemoizerAcrossPackages: memo's functions key a cache by a parameter (facts); memouse
// calls them with and without the tenant in the key.
func TestMemoizerAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), cachekey.Analyzer, "memo", "memouse")
}
