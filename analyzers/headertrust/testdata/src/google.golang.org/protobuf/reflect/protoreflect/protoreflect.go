// Package protoreflect is a stand-in for google.golang.org/protobuf/reflect/protoreflect.
package protoreflect

type Message interface {
	IsValid() bool
}
