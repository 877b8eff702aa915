package kit

import "golang.org/x/time/rate"

// Limiter is a fake's request rate limit; the zero value never limits.
type Limiter struct {
	l *rate.Limiter
}

// NewLimiter allows perSecond requests a second with the given burst
// (at least 1); perSecond <= 0 means no limit.
func NewLimiter(perSecond float64, burst int) Limiter {
	if perSecond <= 0 {
		return Limiter{}
	}
	if burst <= 0 {
		burst = 1
	}
	return Limiter{l: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

// Allow reports whether one more request may be served now.
func (l Limiter) Allow() bool { return l.l == nil || l.l.Allow() }
