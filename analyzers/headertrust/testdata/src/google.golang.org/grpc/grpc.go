// Package grpc is a stand-in for google.golang.org/grpc with the signatures tests need.
package grpc

type ServiceDesc struct {
	ServiceName string
	HandlerType any
}

type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

type ServerStreamingServer[Res any] interface {
	Send(*Res) error
}
