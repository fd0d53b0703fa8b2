// Package api has the shape of an oapi-codegen chi server: the wrapper binds the query, path and
// header parameters before it calls the ServerInterface the application implements.
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/oapi-codegen/runtime"
)

// ListProjectsParams defines parameters for ListProjects.
type ListProjectsParams struct {
	TenantId *string `form:"tenant_id,omitempty" json:"tenant_id,omitempty"` // want TenantId:`holds query parameter "tenant_id"`
	Limit    *int    `form:"limit,omitempty" json:"limit,omitempty"`
	XOrgID   *string `json:"X-Org-ID,omitempty"` // want XOrgID:`holds header "X-Org-ID"`
	Cursor   *string `form:"cursor,omitempty" json:"cursor,omitempty"`
}

// ServerInterface represents all server handlers.
type ServerInterface interface {
	ListProjects(w http.ResponseWriter, r *http.Request, params ListProjectsParams)
	GetOrg(w http.ResponseWriter, r *http.Request, orgId string) // want GetOrg:`param 2 is given path parameter "orgId"`
	GetNote(w http.ResponseWriter, r *http.Request, noteId string)
}

type MiddlewareFunc func(http.Handler) http.Handler

// ServerInterfaceWrapper converts contexts to parameters.
type ServerInterfaceWrapper struct {
	Handler            ServerInterface
	HandlerMiddlewares []MiddlewareFunc
	ErrorHandlerFunc   func(w http.ResponseWriter, r *http.Request, err error)
}

// ListProjects operation middleware
func (siw *ServerInterfaceWrapper) ListProjects(w http.ResponseWriter, r *http.Request) {
	var err error

	// Parameter object where we will unmarshal all parameters from the context
	var params ListProjectsParams

	// ------------- Optional query parameter "tenant_id" -------------
	err = runtime.BindQueryParameter("form", true, false, "tenant_id", r.URL.Query(), &params.TenantId)
	if err != nil {
		siw.ErrorHandlerFunc(w, r, err)
		return
	}

	// ------------- Optional query parameter "limit" -------------
	err = runtime.BindQueryParameter("form", true, false, "limit", r.URL.Query(), &params.Limit)
	if err != nil {
		siw.ErrorHandlerFunc(w, r, err)
		return
	}

	// ------------- Optional query parameter "cursor" -------------
	err = runtime.BindQueryParameter("form", true, false, "cursor", r.URL.Query(), &params.Cursor)
	if err != nil {
		siw.ErrorHandlerFunc(w, r, err)
		return
	}

	headers := r.Header

	// ------------- Optional header parameter "X-Org-ID" -------------
	if valueList, found := headers[http.CanonicalHeaderKey("X-Org-ID")]; found {
		var XOrgID string
		n := len(valueList)
		if n != 1 {
			siw.ErrorHandlerFunc(w, r, nil)
			return
		}

		err = runtime.BindStyledParameterWithOptions("simple", "X-Org-ID", valueList[0], &XOrgID, runtime.BindStyledParameterOptions{ParamLocation: runtime.ParamLocationHeader, Explode: false, Required: false})
		if err != nil {
			siw.ErrorHandlerFunc(w, r, err)
			return
		}

		params.XOrgID = &XOrgID
	}

	handler := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		siw.Handler.ListProjects(w, r, params)
	}))

	for _, middleware := range siw.HandlerMiddlewares {
		handler = middleware(handler)
	}

	handler.ServeHTTP(w, r)
}

// GetOrg operation middleware
func (siw *ServerInterfaceWrapper) GetOrg(w http.ResponseWriter, r *http.Request) {
	var err error

	// ------------- Path parameter "orgId" -------------
	var orgId string

	err = runtime.BindStyledParameterWithOptions("simple", "orgId", chi.URLParam(r, "orgId"), &orgId, runtime.BindStyledParameterOptions{ParamLocation: runtime.ParamLocationPath, Explode: false, Required: true})
	if err != nil {
		siw.ErrorHandlerFunc(w, r, err)
		return
	}

	handler := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		siw.Handler.GetOrg(w, r, orgId)
	}))

	for _, middleware := range siw.HandlerMiddlewares {
		handler = middleware(handler)
	}

	handler.ServeHTTP(w, r)
}

// GetNote operation middleware
func (siw *ServerInterfaceWrapper) GetNote(w http.ResponseWriter, r *http.Request) {
	var err error

	// ------------- Path parameter "noteId" -------------
	var noteId string

	err = runtime.BindStyledParameterWithOptions("simple", "noteId", chi.URLParam(r, "noteId"), &noteId, runtime.BindStyledParameterOptions{ParamLocation: runtime.ParamLocationPath, Explode: false, Required: true})
	if err != nil {
		siw.ErrorHandlerFunc(w, r, err)
		return
	}

	handler := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		siw.Handler.GetNote(w, r, noteId)
	}))

	for _, middleware := range siw.HandlerMiddlewares {
		handler = middleware(handler)
	}

	handler.ServeHTTP(w, r)
}
