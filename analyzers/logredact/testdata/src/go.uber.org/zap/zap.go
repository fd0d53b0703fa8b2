// Package zap is a stand-in for go.uber.org/zap holding only what the tests need.
package zap

import "fmt"

type Field struct {
	Key    string
	String string
	Iface  any
}

type Logger struct{}

func NewNop() *Logger                          { return &Logger{} }
func (l *Logger) Info(msg string, f ...Field)  {}
func (l *Logger) Error(msg string, f ...Field) {}
func (l *Logger) With(f ...Field) *Logger      { return l }
func (l *Logger) Sugar() *SugaredLogger        { return &SugaredLogger{} }

type SugaredLogger struct{}

func (s *SugaredLogger) Infow(msg string, kv ...any)      {}
func (s *SugaredLogger) Errorw(msg string, kv ...any)     {}
func (s *SugaredLogger) Warnw(msg string, kv ...any)      {}
func (s *SugaredLogger) Debugw(msg string, kv ...any)     {}
func (s *SugaredLogger) Infof(format string, args ...any) {}
func (s *SugaredLogger) With(args ...any) *SugaredLogger  { return s }

type ObjectMarshaler interface{ MarshalLogObject(any) error }

func String(key, val string) Field                 { return Field{Key: key, String: val} }
func Strings(key string, val []string) Field       { return Field{Key: key} }
func ByteString(key string, val []byte) Field      { return Field{Key: key} }
func Any(key string, val any) Field                { return Field{Key: key, Iface: val} }
func Reflect(key string, val any) Field            { return Field{Key: key, Iface: val} }
func Stringer(key string, val fmt.Stringer) Field  { return Field{Key: key} }
func Int(key string, val int) Field                { return Field{Key: key} }
func Bool(key string, val bool) Field              { return Field{Key: key} }
func Object(key string, val ObjectMarshaler) Field { return Field{Key: key} }
