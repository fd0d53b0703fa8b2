package driver

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/internal/config"
)

// VetIdentity is the line tenantvet prints for go vet's -V=full. The go command keys its vet
// cache on it, so it folds in the executable, the configuration and the schema inputs it names:
// editing .tenantvet.yaml or a migration re-runs vet.
func VetIdentity(cfg *config.File, analyzers []*analysis.Analyzer) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", executableHash())
	if cfg != nil {
		fmt.Fprintf(h, "config %s %s\n", cfg.Path, cfg.Hash)
	}
	io.WriteString(h, effectiveSettings(analyzers))
	hashSchemaInputs(h, analyzers)
	// The two drivers write different vetx files: never mix their cached ones.
	fmt.Fprintf(h, "unitchecker %v\n", UseUnitchecker())
	return fmt.Sprintf("tenantvet version devel comments-go-here buildID=%02x", h.Sum(nil))
}

// UseUnitchecker reports whether TENANTVET_UNITCHECKER=1 asks for x/tools' unitchecker instead
// of tenantvet's own unit driver (vetunit.go), as a reference: the tests compare the two, and it
// is how Bazel's nogo and other go/analysis drivers see the analyzers.
func UseUnitchecker() bool { return os.Getenv("TENANTVET_UNITCHECKER") == "1" }
