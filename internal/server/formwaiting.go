package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
)

// executionStatusSuffix is n8n's WAITING_FORMS_EXECUTION_STATUS: the pages
// poll /form-waiting/<id>/n8n-execution-status.
const executionStatusSuffix = "n8n-execution-status"

// parkWait is how long a page request for an execution that is still
// running waits for it to reach its next form (the page navigates there as
// soon as the previous submission is answered).
const parkWait = 15 * time.Second

// serveFormWaiting serves /form-waiting/<executionId>: the page of the Form
// node an execution waits at (GET), its submission (POST), and the
// execution's status for the pages' polling, as n8n's WaitingForms.
func (s *Server) serveFormWaiting(w http.ResponseWriter, r *http.Request) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/form-waiting/"), "/")
	id, suffix, _ := strings.Cut(rest, "/")
	if r.Header.Get("Origin") != "" {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	if s.parked.get(id) == nil && s.revive(r.Context(), id) {
		// Parked in the store by a previous process: back in this one,
		// it waits at its form again.
		s.awaitPark(r, id)
	}
	if suffix == executionStatusSuffix {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(s.formStatus(r, id)))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The execution %q does not contain a waiting form for %s requests.", id, r.Method), "")
		return
	}
	if !s.accepting.Load() {
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	pe := s.awaitFormPark(r, id)
	if pe == nil {
		if st := s.formStatus(r, id); st == "success" {
			// n8n shows its default ending when no Form ending ran.
			s.renderCompletion(w, r, &formtrigger.Completion{FormTitle: "Form Submitted", Title: "Form Submitted",
				Message: "Your response has been recorded"})
			return
		}
		s.notWaiting(w, r, id)
		return
	}
	fw := pe.p.Form
	if fw.FieldsError != "" {
		// n8n reads a page's JSON fields for each request: each fails.
		s.formNodeError(w, id, pe, "NodeOperationError", fw.FieldsError)
		return
	}
	if r.Method != http.MethodPost {
		if fw.Ending != nil {
			e := fw.Ending
			c := &formtrigger.Completion{FormTitle: e.FormTitle, Title: e.Title, Message: e.Message, CustomCSS: e.CSS,
				AppendAttribution: e.AppendAttribution}
			switch e.RespondWith {
			case "redirect":
				c.RedirectURL = e.RedirectURL
			case "showText":
				c.ResponseText = e.ResponseText
			case "returnBinary":
				if e.Error != "" {
					// A plain Error in n8n (no name in the run data).
					s.formNodeError(w, id, pe, "", e.Error)
					return
				}
				c.Binary = e.Binary
			}
			s.renderCompletion(w, r, c)
			return
		}
		var buf bytes.Buffer
		if err := fw.Page.Render(&buf, formtrigger.PageOptions{Test: fw.FormMode == "test", Query: fw.Query}); err != nil {
			s.log.Error("form page could not be rendered", "executionId", id, "node", pe.p.Node.Name, "error", err)
			errorResponse(w, http.StatusInternalServerError, formStartError, "")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(buf.Bytes())
		}
		return
	}
	var items []data.Item
	if fw.Page != nil {
		body, ok := s.receiveBody(w, r)
		if !ok {
			return
		}
		sub, err := formtrigger.ParseSubmission(r.Header.Get("Content-Type"), body)
		var item data.Item
		if err == nil {
			// A Form node's item has no formQueryParameters (only the
			// trigger's has).
			item, err = fw.Page.Item(sub, "", fw.FormMode, time.Now(), fw.Location)
		}
		if err != nil {
			s.log.Warn("form submission refused", "executionId", id, "node", pe.p.Node.Name, "error", err)
			errorResponse(w, http.StatusInternalServerError, "Workflow Form Error: Workflow could not be started!", "")
			return
		}
		items = []data.Item{item}
	}
	h := pe.h
	var got chan respondtowebhook.Response
	nextPage := fw.Page != nil && fw.NextPage
	if fw.Page != nil && !nextPage && fw.Page.ResponseMode == "responseNode" {
		got = make(chan respondtowebhook.Response, 1)
		var once sync.Once
		h.mu.Lock()
		h.respond = func(resp respondtowebhook.Response) { once.Do(func() { got <- resp }) }
		h.mu.Unlock()
	}
	if !s.parked.take(pe) {
		errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution %q is running already.", id), "")
		return
	}
	pe.calls <- resumeCall{items: items}
	switch {
	case fw.Ending != nil:
		// n8n answers an ending's post as a webhook "onReceived" whose
		// responseData is the default of an unset parameter,
		// "firstEntryJson", sent as text (the page ignores it).
		sendBody(w, http.StatusOK, "firstEntryJson")
	case nextPage:
		sendBody(w, http.StatusOK, data.ObjectOf("formWaitingUrl", s.formWaitingURL(id)))
	case fw.Page.ResponseMode == "onReceived":
		// A Wait's form: formWebhook's webhookResponse.
		sendBody(w, http.StatusOK, data.ObjectOf("status", float64(200)))
	case fw.Page.ResponseMode == "lastNode":
		<-h.done
		w.WriteHeader(http.StatusOK)
	default:
		select {
		case resp := <-got:
			formRedirection(&resp)
			writeNodeResponse(w, resp)
		case <-h.done:
			w.WriteHeader(http.StatusOK)
		}
	}
}

// awaitFormPark returns the execution parked at a form, waiting a while
// when it is still running towards one.
func (s *Server) awaitFormPark(r *http.Request, id string) *parkedExec {
	deadline := time.Now().Add(parkWait)
	for {
		if pe := s.parked.get(id); pe != nil && pe.p.Form != nil {
			return pe
		}
		// "waiting" too: the record may still say so while the
		// execution goes from one form to the next.
		if st := s.formStatus(r, id); time.Now().After(deadline) || (st != "running" && st != "waiting") {
			return nil
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// formStatus is what n8n-execution-status answers: "form-waiting" while
// the execution waits at a form, else its status, "null" when unknown.
func (s *Server) formStatus(r *http.Request, id string) string {
	if pe := s.parked.get(id); pe != nil {
		if pe.p.Form != nil {
			return "form-waiting"
		}
		return "waiting"
	}
	g, ok := s.opts.Store.(recordGetter)
	if !ok {
		return "null"
	}
	rec, err := g.Get(r.Context(), id)
	if err != nil {
		return "null"
	}
	return rec.Status
}

func (s *Server) renderCompletion(w http.ResponseWriter, r *http.Request, c *formtrigger.Completion) {
	var buf bytes.Buffer
	if err := c.RenderCompletion(&buf); err != nil {
		errorResponse(w, http.StatusInternalServerError, "the form's ending page could not be rendered", "")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// formNodeError answers a request of a waiting form whose node fails to
// serve it (its JSON fields or its file cannot be read), as n8n answers a
// waiting webhook that throws, and fails the execution at that node with
// the node's error, as n8n does (recorded: testdata/form/jsonbad).
func (s *Server) formNodeError(w http.ResponseWriter, id string, pe *parkedExec, errName, msg string) {
	// n8n logs the node's message and answers its generic form error
	// (seen in a recording: "Error in handling webhook request GET
	// /form-waiting/1: Workflow Form Error: Workflow could not be
	// started!").
	s.log.Warn("waiting form could not be served", "executionId", id, "node", pe.p.Node.Name, "error", msg)
	errorResponse(w, http.StatusInternalServerError, "Workflow Form Error: Workflow could not be started!", "")
	if s.parked.take(pe) {
		pe.h.setFailedForm(pe.p.Node.Name)
		pe.calls <- resumeCall{err: &engine.NodeError{Name: errName, Message: msg, ItemIndex: -1}}
	}
}
