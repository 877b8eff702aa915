// Package kit holds the plumbing the fake APIs (clockify,
// notion, apis, httpfake) share: fault injection, the request log, the rate
// limiter, writing an answer, listening over HTTPS and the commands'
// common flags and run loop. What each fake answers — routes, error
// bodies, the fields it logs — stays in the fake.
package kit
