// Package s3 is a stand-in for github.com/aws/aws-sdk-go-v2/service/s3.
package s3

import "context"

type Client struct{}

type PutObjectInput struct {
	Bucket *string
	Key    *string
}

type PutObjectOutput struct{}

func (c *Client) PutObject(ctx context.Context, in *PutObjectInput, opts ...func()) (*PutObjectOutput, error) {
	return nil, nil
}
