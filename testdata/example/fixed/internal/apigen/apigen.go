// Package apigen has the shape of an oapi-codegen server: the wrapper binds the query
// parameters into a params struct before it calls the ServerInterface the application
// implements. (The example carries its own binder instead of oapi-codegen's runtime module.)
package apigen

import (
	"fmt"
	"net/http"
	"net/url"
)

// ListProjectsParams defines parameters for ListProjects.
type ListProjectsParams struct {
	OrgId *string `form:"org_id,omitempty" json:"org_id,omitempty"`
	Page  *string `form:"page,omitempty" json:"page,omitempty"`
}

// ServerInterface represents all server handlers.
type ServerInterface interface {
	ListProjects(w http.ResponseWriter, r *http.Request, params ListProjectsParams)
}

// ServerInterfaceWrapper converts requests to parameters.
type ServerInterfaceWrapper struct {
	Handler ServerInterface
}

// ListProjects operation middleware
func (siw *ServerInterfaceWrapper) ListProjects(w http.ResponseWriter, r *http.Request) {
	var params ListProjectsParams
	if err := bindQueryParameter("org_id", r.URL.Query(), &params.OrgId); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := bindQueryParameter("page", r.URL.Query(), &params.Page); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	siw.Handler.ListProjects(w, r, params)
}

// bindQueryParameter stores the query parameter paramName into dest, a **string.
func bindQueryParameter(paramName string, query url.Values, dest any) error {
	p, ok := dest.(**string)
	if !ok {
		return fmt.Errorf("bind %s: unsupported destination %T", paramName, dest)
	}
	if v, ok := query[paramName]; ok && len(v) > 0 {
		*p = &v[0]
	}
	return nil
}
