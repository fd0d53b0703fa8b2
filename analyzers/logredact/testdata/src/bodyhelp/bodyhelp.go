// Package bodyhelp reads request bodies for handlers in other packages.
package bodyhelp

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// ReadBody returns the request body.
func ReadBody(r *http.Request) ([]byte, error) { // want ReadBody:"returns the request body"
	return io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
}

// Raw returns gin's raw body as text.
func Raw(c *gin.Context) string { // want Raw:"returns the request body"
	b, _ := c.GetRawData()
	return string(b)
}

// CreateRequest is bound from the JSON body.
type CreateRequest struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Bind binds the body into a struct: the whole struct is the body.
func Bind(c *gin.Context) (*CreateRequest, error) { // want Bind:"returns the request body"
	var req CreateRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		return nil, err
	}
	return &req, nil
}

// Again goes through a helper of this package.
func Again(r *http.Request) []byte { // want Again:"returns the request body"
	b, _ := ReadBody(r)
	return b
}

// Size reads the body but returns only its length: no fact.
func Size(r *http.Request) int {
	b, _ := io.ReadAll(r.Body)
	return len(b)
}

// Title returns one field of the bound body: no fact.
func Title(c *gin.Context) string {
	var req CreateRequest
	_ = c.ShouldBind(&req)
	return req.Title
}

// ReadFile reads something other than the request: no fact.
func ReadFile(rd io.Reader) ([]byte, error) {
	return io.ReadAll(rd)
}
