package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// upstreamError is a failed call to Restate: either Restate answered with an error status (Status > 0) or
// the request never got an answer (Transport).
type upstreamError struct {
	Status     int
	Message    string // Restate's message: the JSON "message" or the text/plain body
	Code       string // Restate's restate_code, e.g. META0006
	RetryAfter string // the 429's Retry-After header as sent
	Transport  error
}

func (e *upstreamError) Error() string {
	if e.Transport != nil {
		return e.Transport.Error()
	}
	return fmt.Sprintf("%d %s", e.Status, e.Message)
}

// maxErrorBody bounds how much of an error body is read: Restate's are short, a proxy's HTML page may not be.
const maxErrorBody = 64 << 10

// readUpstreamError reads an error response: JSON {message, restate_code} (restate_code may be null) or a
// text/plain body (Restate's 400/422 from request parsing).
func readUpstreamError(resp *http.Response) *upstreamError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &upstreamError{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After")}
	var j struct {
		Message     *string `json:"message"`
		RestateCode *string `json:"restate_code"`
	}
	if json.Unmarshal(body, &j) == nil && j.Message != nil {
		e.Message = strings.TrimSpace(*j.Message)
		if j.RestateCode != nil {
			e.Code = *j.RestateCode
		}
	} else {
		e.Message = strings.TrimSpace(string(body))
	}
	return e
}

// retryAfterSeconds parses Retry-After (seconds or an HTTP date); ok is false when absent or unreadable.
func retryAfterSeconds(v string, now time.Time) (int, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return n, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return int(math.Max(0, math.Ceil(t.Sub(now).Seconds()))), true
	}
	return 0, false
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// transportText is the error of a request that got no answer, without the URL Go's http client repeats
// (the messages name the URL themselves).
func transportText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// withCode appends Restate's error code when the message does not already carry it.
func withCode(e *upstreamError) string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	if e.Code != "" && !strings.Contains(msg, e.Code) {
		msg += " (" + e.Code + ")"
	}
	return msg
}

// rateLimitText is "retry after 30 s" or, without a usable Retry-After, "retry in a minute".
func rateLimitText(retryAfter string) string {
	if n, ok := retryAfterSeconds(retryAfter, time.Now()); ok {
		return fmt.Sprintf("retry after %d s", n)
	}
	return "retry in a minute"
}
