// Package conv is a stand-in for github.com/ogen-go/ogen/conv (v1.25.0): the conversions of
// decoded parameter strings.
package conv

import (
	"strconv"

	"github.com/google/uuid"
)

func ToInt32(s string) (int32, error) {
	v, err := strconv.ParseInt(s, 10, 32)
	return int32(v), err
}

func ToInt64(s string) (int64, error) {
	return strconv.ParseInt(s, 10, 64)
}

func ToString(s string) (string, error) {
	return s, nil
}

func ToUUID(s string) (uuid.UUID, error) {
	return uuid.Parse(s)
}
