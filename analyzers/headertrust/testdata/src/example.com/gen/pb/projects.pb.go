// Package pb has the shape of protoc-gen-go and protoc-gen-go-grpc output.
package pb

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/reflect/protoreflect"
)

type GetProjectRequest struct {
	TenantId  string `protobuf:"bytes,1,opt,name=tenant_id,json=tenantId,proto3" json:"tenant_id,omitempty"`
	ProjectId string `protobuf:"bytes,2,opt,name=project_id,json=projectId,proto3" json:"project_id,omitempty"`
}

func (x *GetProjectRequest) ProtoReflect() protoreflect.Message { return nil }

func (x *GetProjectRequest) GetTenantId() string {
	if x != nil {
		return x.TenantId
	}
	return ""
}

func (x *GetProjectRequest) GetProjectId() string {
	if x != nil {
		return x.ProjectId
	}
	return ""
}

type ListProjectsRequest struct {
	OrgId string `protobuf:"bytes,1,opt,name=org_id,json=orgId,proto3" json:"org_id,omitempty"`
}

func (x *ListProjectsRequest) ProtoReflect() protoreflect.Message { return nil }

func (x *ListProjectsRequest) GetOrgId() string {
	if x != nil {
		return x.OrgId
	}
	return ""
}

type Project struct {
	Id       string `protobuf:"bytes,1,opt,name=id,proto3" json:"id,omitempty"`
	TenantId string `protobuf:"bytes,2,opt,name=tenant_id,json=tenantId,proto3" json:"tenant_id,omitempty"`
}

func (x *Project) ProtoReflect() protoreflect.Message { return nil }

func (x *Project) GetTenantId() string {
	if x != nil {
		return x.TenantId
	}
	return ""
}

type ProjectsServer interface {
	GetProject(context.Context, *GetProjectRequest) (*Project, error)
	ListProjects(*ListProjectsRequest, grpc.ServerStreamingServer[Project]) error
	mustEmbedUnimplementedProjectsServer()
}

type UnimplementedProjectsServer struct{}

func (UnimplementedProjectsServer) GetProject(context.Context, *GetProjectRequest) (*Project, error) {
	return nil, nil
}
func (UnimplementedProjectsServer) ListProjects(*ListProjectsRequest, grpc.ServerStreamingServer[Project]) error {
	return nil
}
func (UnimplementedProjectsServer) mustEmbedUnimplementedProjectsServer() {}

func RegisterProjectsServer(s grpc.ServiceRegistrar, srv ProjectsServer) {
	s.RegisterService(&Projects_ServiceDesc, srv)
}

var Projects_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "projects.v1.Projects",
	HandlerType: (*ProjectsServer)(nil),
}
