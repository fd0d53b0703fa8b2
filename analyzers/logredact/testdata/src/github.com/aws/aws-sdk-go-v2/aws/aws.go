// Package aws is a stand-in for github.com/aws/aws-sdk-go-v2/aws.
package aws

// ToString returns the value of the string pointer passed in or "" if the pointer is nil.
func ToString(p *string) (v string) {
	if p == nil {
		return v
	}
	return *p
}
