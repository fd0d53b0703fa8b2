// Package api has the shape of an ogen server (ogen v1.25.0): the generated decodeXParams
// functions decode the query, header and path parameters through uri decoders into the params
// struct before the handler the application implements is called.
package api

import (
	"context"
)

// Handler handles operations described by OpenAPI v3 specification.
type Handler interface {
	// GetProject implements getProject operation.
	//
	// GET /projects/{projectID}
	GetProject(ctx context.Context, params GetProjectParams) (*Project, error)
	// ListProjects implements listProjects operation.
	//
	// GET /projects
	ListProjects(ctx context.Context, params ListProjectsParams) ([]Project, error)
	// GetNote implements getNote operation.
	//
	// GET /tenants/{tenantID}/notes/{noteID}
	GetNote(ctx context.Context, params GetNoteParams) (*Note, error)
}

// SecurityHandler is handler for security parameters.
type SecurityHandler interface {
	// HandleBearerAuth handles bearerAuth security.
	HandleBearerAuth(ctx context.Context, operationName OperationName, t BearerAuth) (context.Context, error)
}

// OperationName is the ogen operation name.
type OperationName = string

// BearerAuth is the bearer token of a request.
type BearerAuth struct {
	Token string
}

// Project is a project.
type Project struct {
	ID   string
	Name string
}

// Note is a note.
type Note struct {
	ID   string
	Text string
}

// Server implements http server based on OpenAPI v3 specification and
// calls Handler to handle requests.
type Server struct {
	h      Handler
	sec    SecurityHandler
	prefix string
}

// NewServer creates new Server.
func NewServer(h Handler, sec SecurityHandler) (*Server, error) {
	return &Server{h: h, sec: sec}, nil
}
