package logruscases

import (
	"net/http"

	"github.com/sirupsen/logrus"
)

func entries(r *http.Request, l *logrus.Logger, e *logrus.Entry, tok string) {
	logrus.WithField("authorization", tok).Info("x")                     // want `log key "authorization" carries a secret`
	l.WithField("req", r).Info("x")                                      // want `\*http.Request logged whole`
	e.WithFields(logrus.Fields{"tenant_id": tok, "api_key": tok}).Info() // want `log key "api_key" carries a secret`
	logrus.WithFields(logrus.Fields{"headers": r.Header}).Info("x")      // want `http.Header logged whole`
	logrus.Infof("password=%s", tok)                                     // want `log key "password" carries a secret`
}

func entriesNegative(r *http.Request, l *logrus.Logger, tok string) {
	logrus.WithField("tenant_id", tok).Info("x")
	l.WithFields(logrus.Fields{"method": r.Method, "path": r.URL.Path}).Info("x")
}
