// Package zerolog is a stand-in for github.com/rs/zerolog holding only what the tests need.
package zerolog

type Logger struct{}

func (l Logger) Info() *Event  { return &Event{} }
func (l Logger) Error() *Event { return &Event{} }
func (l Logger) With() Context { return Context{} }

type Context struct{}

func (c Context) Str(key, val string) Context { return c }
func (c Context) Logger() Logger              { return Logger{} }

type Event struct{}

func Dict() *Event { return &Event{} }

func (e *Event) Str(key, val string) *Event          { return e }
func (e *Event) Any(key string, i any) *Event        { return e }
func (e *Event) Interface(key string, i any) *Event  { return e }
func (e *Event) Bytes(key string, val []byte) *Event { return e }
func (e *Event) RawJSON(key string, b []byte) *Event { return e }
func (e *Event) Int(key string, i int) *Event        { return e }
func (e *Event) Dict(key string, dict *Event) *Event { return e }
func (e *Event) Fields(fields any) *Event            { return e }
func (e *Event) Msg(msg string)                      {}
func (e *Event) Msgf(format string, v ...any)        {}
