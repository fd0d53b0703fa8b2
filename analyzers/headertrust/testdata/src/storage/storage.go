package storage

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Blobs is a minio-style client.
type Blobs struct{}

func (b *Blobs) GetObject(ctx context.Context, bucket, key string) ([]byte, error) { return nil, nil }

// VerifyRequest is a configured verifier that checks the request's tenant claim as a whole.
func VerifyRequest(r *http.Request) error { return nil }

func upload(w http.ResponseWriter, r *http.Request, c *s3.Client, b *Blobs) { // want upload:`path parameter "file" reaches GetObject`
	key := fmt.Sprintf("tenants/%s/avatar.png", r.Header.Get("X-Tenant-ID"))
	_, _ = c.PutObject(r.Context(), &s3.PutObjectInput{Bucket: aws.String("uploads"), Key: aws.String(key)}) // want `tenant from header "X-Tenant-ID" reaches the Key of s3.PutObjectInput without verification`
	_, _ = b.GetObject(r.Context(), "uploads", "t/"+r.PathValue("org")+"/x")                                 // want `tenant from path parameter "org" reaches GetObject without verification`
	_, _ = b.GetObject(r.Context(), "uploads", "public/"+r.PathValue("file"))
}

func uploadVerified(w http.ResponseWriter, r *http.Request, c *s3.Client, b *Blobs) {
	if err := VerifyRequest(r); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	key := fmt.Sprintf("tenants/%s/avatar.png", r.Header.Get("X-Tenant-ID"))
	_, _ = c.PutObject(r.Context(), &s3.PutObjectInput{Bucket: aws.String("uploads"), Key: aws.String(key)})
	tc, _ := tenant.FromContext(r.Context())
	_, _ = b.GetObject(r.Context(), "uploads", "t/"+tc.TenantID.String()+"/x")
}
