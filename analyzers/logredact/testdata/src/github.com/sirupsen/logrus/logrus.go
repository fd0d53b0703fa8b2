// Package logrus is a stand-in for github.com/sirupsen/logrus holding only what the tests need.
package logrus

type Fields map[string]interface{}

type Entry struct{}

func (e *Entry) WithField(key string, value interface{}) *Entry { return e }
func (e *Entry) WithFields(fields Fields) *Entry                { return e }
func (e *Entry) Info(args ...interface{})                       {}
func (e *Entry) Infof(format string, args ...interface{})       {}

type Logger struct{}

func New() *Logger                                               { return &Logger{} }
func (l *Logger) WithField(key string, value interface{}) *Entry { return &Entry{} }
func (l *Logger) WithFields(fields Fields) *Entry                { return &Entry{} }

func WithField(key string, value interface{}) *Entry { return &Entry{} }
func WithFields(fields Fields) *Entry                { return &Entry{} }
func Info(args ...interface{})                       {}
func Infof(format string, args ...interface{})       {}
