// Package logredact defines an Analyzer that keeps secrets and whole requests out of operational
// logs.
//
// # Analyzer logredact
//
// logredact: report secrets, whole requests, request bodies and connection strings passed to loggers
//
// Logs are a second database with weaker access control: they are shipped to vendors, read by
// support staff of every tenant and kept for months. A bearer token or API key in a log line lets
// whoever reads it act as that tenant. logredact checks the arguments of logging calls:
//
//   - log/slog: key-value pairs of Info, Warn, Error, Debug, Log, their Context variants and With
//     on the package and on *slog.Logger; slog.String, slog.Any and slog.Group attributes,
//     LogAttrs, and slog.Attr{Key: ..., Value: ...} literals;
//   - log: Print, Printf, Println, Fatal*, Panic* and the same methods of *log.Logger; fmt.Fprint,
//     Fprintf and Fprintln to os.Stdout or os.Stderr, and fmt.Print, Printf and Println, which
//     write to os.Stdout (a server's stdout is shipped like any log);
//   - go.uber.org/zap: field constructors (zap.String, Any, Reflect, ByteString, Stringer, ...)
//     and the key-value methods of *zap.SugaredLogger (Infow, Errorw, ..., With);
//   - github.com/rs/zerolog: Str, Any, Interface, Bytes, RawJSON, Dict and Fields of
//     *zerolog.Event and zerolog.Context, and Msgf;
//   - github.com/sirupsen/logrus: WithField and WithFields(logrus.Fields{...}) literals;
//   - the functions named by the log-functions setting, FUNC[:FIRST_KEY_VALUE_ARG]; the index
//     defaults to the variadic parameter.
//
// It reports:
//
//   - TV3001: a constant log key that names a secret (authorization, cookie, password, secret,
//     token, api_key, private_key, prompt, ... and the sensitive-keys setting), or a value read
//     by such a name (r.Header.Get("Authorization"), r.FormValue("password"), the password of
//     r.BasicAuth()). Keys are split into words at separators and camelCase boundaries and match
//     as a suffix of whole words, so new_password, stripeApiKey and user.password are secrets and
//     token_count, password_policy, prompt_tokens and secret_name are not. Keys that end with a
//     secret word but hold none (next_page_token, has_password) are on the exception list of
//     package internal/sensitive and the safe-keys setting. Printf formats count too: in
//     log.Printf("token=%s", t) the operand's key is token. A key is not reported when its value
//     is a constant or of boolean or numeric type (has_token=true, a token count): such values
//     cannot carry the secret. The suggested fix logs "[REDACTED]" instead of the value where that
//     is mechanical: a key-value pair, or the value of slog.String, zap.String, zerolog Str and
//     the like.
//   - TV3002: an *http.Request, http.Header, url.Values or cookie logged whole, and a request dump
//     made by net/http/httputil's DumpRequest or DumpRequestOut (its bytes, or their string),
//     which holds every header whether or not the body was dumped, and the values of a range over
//     a request's http.Header (for k, v := range r.Header; v, v[0] or strings.Join(v, ",")
//     logged), unless the log sits behind a comparison of the key that lets only a non-secret
//     header through (if k == "User-Agent") or skips a secret one (k == "Authorization": continue).
//     The keys alone, and a response's or ResponseWriter's header, are not reported.
//   - TV3003: a request body logged: bytes or text read with io.ReadAll from r.Body (also through
//     http.MaxBytesReader, io.LimitReader, conversions, json.RawMessage), or raw data decoded from
//     it. The value is followed with SSA within the function, and across functions and packages
//     by a fact on each function that returns the request body: bytes or text read from it, gin's
//     GetRawData, or a value decoded or bound from it (json, gin ShouldBind, ShouldBindJSON, Bind,
//     BindJSON), a whole struct included. A caller or middleware that logs such a result, a
//     slice of it or its string (a "preview"), under any key, logs the body. The body of a
//     queue, stream or event message counts the same way (knownapi.MessageBodies): asynq's
//     Task.Payload(), AMQP Delivery.Body, NATS Msg.Data, Kafka message values (kafka-go, sarama,
//     confluent-kafka-go), SQS message bodies (SDK v2, also through aws.ToString, and Lambda's
//     events), SNS messages, API Gateway and function URL request bodies, Pub/Sub Message.Data
//     and watermill's Message.Payload; the message names which body it is. A line built from
//     the body (fmt.Sprintf, concatenation, strings.ReplaceAll to strip newlines) is the body, and
//     so is a body copied whole to standard output or error (io.Copy(os.Stdout, r.Body)), which
//     the platform collects as the log.
//   - TV3004: a connection string or URL that may carry a password: os.Getenv("DATABASE_URL") and
//     similar names (DSN, *_DB_URL, REDIS_URL, ...), a ConnString() of a pgx configuration, a
//     string field named like one, a *url.URL whose User is set in the function, a string
//     constant or package variable holding a URL with a password (amqp://user:pass@host,
//     redis://:pass@host), a URL built with a password by fmt.Sprintf or concatenation (its
//     shape, with the operands as holes, has user info with a password), and a field named
//     url, uri, addr, address, dsn or endpoint that the package fills with such a URL.
//   - TV3005: a struct logged whole (slog.Any, zap.Any, a key-value value, %v in printf) whose
//     fields, up to three levels deep, include a secret by field name or json name, or a request,
//     headers or cookies, unless the type renders itself through LogValue (slog.LogValuer),
//     String, Format, MarshalLogObject, MarshalZerologObject, MarshalJSON or MarshalText. JSON and
//     reflection encoders skip unexported fields and json:"-" fields; fmt does not, so those
//     fields count for printf and Print.
//
// A *slog.Logger proven to use the runtime's redacting handler, safelog.NewHandler, is trusted
// for what that handler does: it replaces the values of the keys it knows (its own list, mirrored
// in internal/sensitive.SafelogRedacts: the brief's list, plurals and keys ending in password,
// secret, token, apikey or privatekey), renders *http.Request as method, host and path,
// http.Header with sensitive headers redacted, URLs without user info, byte slices by length, and
// walks maps and structs redacting the fields it knows. Through such a logger logredact reports
// only what still leaks: keys it knows and the handler does not (session_cookie, passphrase, the
// sensitive-keys setting, since Options.ExtraKeys is not read), secrets read by name under a
// harmless key, bodies converted to strings, cookies, connection strings and structs with fields
// the handler does not redact. The proof is data flow within the package: the logger is built in
// the same function as slog.New(safelog.NewHandler(...)) (possibly followed by With or
// WithGroup), or is a package-level variable every assignment of which is such a call.
//
// What logredact cannot see: a handler installed at run time with slog.SetDefault (package-level
// slog.Info calls are always checked), loggers passed in as parameters or struct fields, keys
// that are not constants, values that reach the logger through another function or a struct
// field (except connection-string fields), and secrets wrapped by user functions. Connection
// URLs stored into fields are followed only within the package that stores them. Struct values given to slog, zap, zerolog and logrus are
// judged as a JSON encoder renders them (exported fields without json:"-"); slog's TextHandler
// formats them with %+v and so also prints unexported fields, which logredact does not count.
// The name of a group (slog.Group, zerolog Dict, zap.Object) is not a key: its fields are.
// safelog.Options.ExtraKeys is not read.
package logredact
