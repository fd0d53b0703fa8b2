// Package uri is a stand-in for github.com/ogen-go/ogen/uri (v1.25.0): the decoders ogen's
// generated decodeXParams functions read query, header and path parameters with. Only the
// declarations the tests use, with the real signatures; the bodies follow the real ones for the
// form and simple styles.
package uri

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Decoder is the interface the generated code decodes one parameter through.
type Decoder interface {
	DecodeValue() (string, error)
	DecodeArray(f func(d Decoder) error) error
	DecodeFields(f func(field string, d Decoder) error) error
}

// QueryStyle is a query parameter style.
type QueryStyle string

const (
	QueryStyleForm           QueryStyle = "form"
	QueryStyleSpaceDelimited QueryStyle = "spaceDelimited"
	QueryStylePipeDelimited  QueryStyle = "pipeDelimited"
	QueryStyleDeepObject     QueryStyle = "deepObject"
)

// PathStyle is a path parameter style.
type PathStyle string

const (
	PathStyleSimple PathStyle = "simple"
	PathStyleLabel  PathStyle = "label"
	PathStyleMatrix PathStyle = "matrix"
)

type QueryDecoder struct {
	values url.Values
}

func NewQueryDecoder(values url.Values) *QueryDecoder {
	return &QueryDecoder{
		values: values,
	}
}

type QueryParameterDecodingConfig struct {
	Name    string
	Style   QueryStyle
	Explode bool
	Fields  []QueryParameterObjectField // Only for object param.
}

type QueryParameterObjectField struct {
	Name     string
	Required bool
}

func (d *QueryDecoder) HasParam(cfg QueryParameterDecodingConfig) error {
	if _, ok := d.values[cfg.Name]; !ok {
		return fmt.Errorf("query parameter %q not set", cfg.Name)
	}
	return nil
}

func (d *QueryDecoder) DecodeParam(cfg QueryParameterDecodingConfig, f func(Decoder) error) error {
	p := &queryParamDecoder{
		values:       d.values,
		objectFields: cfg.Fields,

		paramName: cfg.Name,
		style:     cfg.Style,
		explode:   cfg.Explode,
	}

	return f(p)
}

type queryParamDecoder struct {
	values       url.Values
	objectFields []QueryParameterObjectField

	paramName string
	style     QueryStyle
	explode   bool
}

func (d *queryParamDecoder) DecodeValue() (string, error) {
	values, ok := d.values[d.paramName]
	if !ok {
		return "", fmt.Errorf("query parameter %q not set", d.paramName)
	}
	if len(values) != 1 {
		return "", fmt.Errorf("query parameter %q multiple values", d.paramName)
	}
	return values[0], nil
}

func (d *queryParamDecoder) DecodeArray(f func(d Decoder) error) error {
	for _, item := range d.values[d.paramName] {
		if err := f(&constval{item}); err != nil {
			return err
		}
	}
	return nil
}

func (d *queryParamDecoder) DecodeFields(f func(field string, d Decoder) error) error {
	return errors.New("object parameters are not supported by the stand-in")
}

type HeaderDecoder struct {
	header http.Header
}

func NewHeaderDecoder(header http.Header) *HeaderDecoder {
	return &HeaderDecoder{
		header: header,
	}
}

type HeaderParameterDecodingConfig struct {
	Name    string
	Explode bool
}

func (d *HeaderDecoder) HasParam(cfg HeaderParameterDecodingConfig) error {
	if len(d.header.Values(cfg.Name)) == 0 {
		return fmt.Errorf("header %q not set", cfg.Name)
	}
	return nil
}

func (d *HeaderDecoder) DecodeParam(cfg HeaderParameterDecodingConfig, f func(Decoder) error) error {
	p := &headerParamDecoder{
		paramName: cfg.Name,
		explode:   cfg.Explode,
		header:    d.header,
	}

	return f(p)
}

type headerParamDecoder struct {
	paramName string
	explode   bool
	header    http.Header
}

func (d *headerParamDecoder) DecodeValue() (string, error) {
	v := d.header.Get(d.paramName)
	if v == "" {
		return "", fmt.Errorf("header %q not set", d.paramName)
	}
	return v, nil
}

func (d *headerParamDecoder) DecodeArray(f func(d Decoder) error) error {
	for _, item := range d.header.Values(d.paramName) {
		if err := f(&constval{item}); err != nil {
			return err
		}
	}
	return nil
}

func (d *headerParamDecoder) DecodeFields(f func(field string, d Decoder) error) error {
	return errors.New("object parameters are not supported by the stand-in")
}

type PathDecoder struct {
	src string

	param   string
	style   PathStyle
	explode bool
}

type PathDecoderConfig struct {
	Param   string // Parameter name
	Value   string // chi.URLParam(r, "paramName")
	Style   PathStyle
	Explode bool
}

func NewPathDecoder(cfg PathDecoderConfig) *PathDecoder {
	return &PathDecoder{
		src:     cfg.Value,
		param:   cfg.Param,
		style:   cfg.Style,
		explode: cfg.Explode,
	}
}

func (d *PathDecoder) DecodeValue() (string, error) {
	if d.style != PathStyleSimple {
		return "", fmt.Errorf("style %q is not supported by the stand-in", d.style)
	}
	return d.src, nil
}

func (d *PathDecoder) DecodeArray(f func(d Decoder) error) error {
	return f(&constval{d.src})
}

func (d *PathDecoder) DecodeFields(f func(name string, d Decoder) error) error {
	return errors.New("object parameters are not supported by the stand-in")
}

type constval struct {
	v string
}

func (c *constval) DecodeValue() (string, error) { return c.v, nil }

func (c *constval) DecodeArray(f func(d Decoder) error) error {
	return errors.New("nested arrays are not supported")
}

func (c *constval) DecodeFields(f func(name string, d Decoder) error) error {
	return errors.New("nested objects are not supported")
}

// NormalizeEscapedPath normalizes escaped path. If s contains invalid escape sequence, it
// returns empty string and false.
func NormalizeEscapedPath(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 >= len(s) {
			return "", false
		}
	}
	return s, true
}
