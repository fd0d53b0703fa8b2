// Package grpcsvc serves the generated gRPC service: the request messages' tenant fields are
// whatever the client put there.
package grpcsvc

import (
	"context"
	"errors"

	"example.com/gen/pb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
	"google.golang.org/grpc"
)

func noop(pgx.Tx) error { return nil }

type server struct {
	pb.UnimplementedProjectsServer
	pool *pgxpool.Pool
}

func Register(s grpc.ServiceRegistrar, pool *pgxpool.Pool) {
	pb.RegisterProjectsServer(s, &server{pool: pool})
}

func (s *server) GetProject(ctx context.Context, req *pb.GetProjectRequest) (*pb.Project, error) {
	_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(req.GetTenantId()), noop)                                        // want `tenant from gRPC request field "GetProjectRequest.TenantId" reaches tenantdb.WithTenant without verification`
	_, _ = s.pool.Query(ctx, "SELECT id FROM projects WHERE tenant_id = $1 AND id = $2", req.TenantId, req.GetProjectId()) // want `tenant from gRPC request field "GetProjectRequest.TenantId" reaches the tenant placeholder \$1`
	// The project id is not a tenant, and neither is a tenant field of a message we built.
	_, _ = s.pool.Query(ctx, "SELECT id FROM projects WHERE tenant_id = $1", req.GetProjectId())
	p := &pb.Project{TenantId: tenantOf(ctx)}
	_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(p.GetTenantId()), noop)
	return p, nil
}

func tenantOf(ctx context.Context) string {
	tc, _ := tenant.FromContext(ctx)
	return tc.TenantID.String()
}

// ListProjects compares the claimed org with the verified tenant and refuses a mismatch.
func (s *server) ListProjects(req *pb.ListProjectsRequest, stream grpc.ServerStreamingServer[pb.Project]) error {
	ctx := context.Background()
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return errors.New("unauthenticated")
	}
	if req.GetOrgId() != tc.TenantID.String() {
		return errors.New("permission denied")
	}
	return tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(req.GetOrgId()), noop)
}

// listUnchecked logs the mismatch but goes on.
func (s *server) listUnchecked(ctx context.Context, req *pb.ListProjectsRequest) (*pb.Project, error) {
	tc, _ := tenant.FromContext(ctx)
	if req.OrgId != tc.TenantID.String() {
		println("mismatch")
	}
	return nil, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(req.OrgId), noop) // want `tenant from gRPC request field "ListProjectsRequest.OrgId" reaches tenantdb.WithTenant without verification`
}
