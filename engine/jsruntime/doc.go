// Package jsruntime runs JavaScript the way n8n's Code, Function and
// Function Item nodes do, on the pure-Go engine goja: the n8n variables
// ($input, $json, $('X')…) read through scope.Data, n8n's require policy,
// console output, a time limit, cancellation and a memory watchdog. It
// knows no concrete node; the nodes decide what the script must return.
//
// One Runtime serves one node run: programs are compiled once and run per
// item with the item's variables rebound, so the cost per item is a call,
// not a new interpreter.
package jsruntime
