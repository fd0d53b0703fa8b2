// Package runtime is a stand-in for github.com/oapi-codegen/runtime (v1.9.0) with the signatures
// the generated servers in the tests call.
package runtime

import "net/url"

type ParamLocation int

const (
	ParamLocationUndefined ParamLocation = iota
	ParamLocationQuery
	ParamLocationPath
	ParamLocationHeader
	ParamLocationCookie
)

type BindStyledParameterOptions struct {
	ParamLocation ParamLocation
	Explode       bool
	Required      bool
	Type          string
	Format        string
}

func BindStyledParameterWithOptions(style string, paramName string, value string, dest any, opts BindStyledParameterOptions) error {
	return nil
}

func BindQueryParameter(style string, explode bool, required bool, paramName string,
	queryParams url.Values, dest interface{}) error {
	return nil
}
