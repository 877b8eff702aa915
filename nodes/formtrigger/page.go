package formtrigger

import (
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"html"
	"html/template"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed page.html.tmpl
var pageSource string

var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("form").Funcs(template.FuncMap{
		"css": func(s string) template.CSS { return template.CSS(s) },
	}).Parse(pageSource))
})

// PageOptions are what a page depends on besides the node's settings.
type PageOptions struct {
	Test bool
	// Query is the page URL's query: a value named like a field's label
	// pre-fills it (hidden fields: their name).
	Query url.Values
	// AuthToken lets the page post without the Basic credentials the
	// browser may not resend (n8n's x-auth-token).
	AuthToken string
	// HasNextPage is set when a Form node or a Wait on a form follows:
	// the post is answered with where to go next.
	HasNextPage bool
}

type pageInput struct {
	ID, ErrorID, Label, Type, Placeholder, Default string
	Required                                       bool
	Multi, Radio, Select, Textarea, File, HTML     bool
	Hidden, Input                                  bool
	Options                                        []pageOption
	SelectOptions                                  []pageOption
	Exact, Min, Max                                string
	Accept                                         string
	MultipleFiles                                  bool
	HTMLContent                                    template.HTML
	HTMLValue, HiddenName, HiddenValue             string
}

type pageOption struct {
	ID, Label string
	Checked   bool
}

type pageData struct {
	Title, DescriptionMeta        string
	Description                   template.HTML
	Test                          bool
	Fields                        []pageInput
	ButtonLabel                   string
	SubmittedText                 string
	RedirectURL                   string
	UseResponseData, AppendAttrib bool
	CustomCSS                     string
	AuthToken                     string
}

// Package-level regexps and templates are built on first use
// (sync.OnceValue), not at package init, which every invocation of the
// binary would pay for.

var tagPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*\n+|</?[^>]+(>|$)`)
})

// Render writes the form page.
func (c *Config) Render(w io.Writer, o PageOptions) error {
	pol := policy()
	desc := sanitizeHTML(pol, c.Description)
	desc = strings.ReplaceAll(strings.ReplaceAll(desc, `\n`, "\n"), "<br>", "\n")
	meta := "n8n form"
	if desc != "" {
		meta = html.UnescapeString(tagPattern().ReplaceAllString(desc, ""))
		if r := []rune(meta); len(r) > 150 {
			meta = string(r[:150])
		}
	}
	d := pageData{Title: c.Title, Description: template.HTML(desc), DescriptionMeta: meta, Test: o.Test,
		ButtonLabel: c.ButtonLabel, AppendAttrib: c.AppendAttribution, CustomCSS: sanitizeCSS(c.CustomCSS),
		AuthToken: o.AuthToken, UseResponseData: c.ResponseMode == "responseNode"}
	d.SubmittedText = "Your response has been recorded"
	if c.SubmittedText != nil {
		d.SubmittedText = *c.SubmittedText
	}
	if c.RedirectURL != "" {
		if u, err := url.Parse(strings.TrimSpace(c.RedirectURL)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			d.RedirectURL = u.String()
		}
	}
	if o.HasNextPage {
		d.RedirectURL, d.UseResponseData = "", true
	}
	for i := range c.Fields {
		f := &c.Fields[i]
		in := pageInput{ID: "field-" + strconv.Itoa(i), ErrorID: "error-field-" + strconv.Itoa(i), Label: f.Label,
			Required: f.Required, Placeholder: f.Placeholder, Default: f.Default}
		qKey := f.Label
		if f.Type == "hiddenField" {
			qKey = f.Name
		}
		if o.Query.Has(qKey) {
			in.Default = o.Query.Get(qKey)
		}
		switch {
		case f.isMulti():
			in.Multi = true
			in.Radio = f.Type == "radio"
			defaults := strings.Split(in.Default, ",")
			for j := range defaults {
				defaults[j] = strings.TrimSpace(defaults[j])
			}
			for j, opt := range f.Options {
				checked := slices.Contains(defaults, opt)
				if in.Radio {
					checked = in.Default == opt
				}
				in.Options = append(in.Options, pageOption{ID: "option" + strconv.Itoa(j) + "_" + in.ID, Label: opt, Checked: checked})
			}
			if !in.Radio {
				switch f.LimitSelection {
				case "exact":
					in.Exact = num2s(f.Exact)
				case "range":
					in.Min, in.Max = num2s(f.Min), num2s(f.Max)
				}
			}
		case f.Type == "file":
			in.File, in.Accept, in.MultipleFiles = true, f.AcceptFileTypes, f.MultipleFiles
		case f.Type == "dropdown":
			in.Select = true
			for _, opt := range f.Options {
				in.SelectOptions = append(in.SelectOptions, pageOption{Label: opt, Checked: opt == in.Default})
			}
		case f.Type == "textarea":
			in.Textarea = true
		case f.Type == "html":
			in.HTML = true
			clean := sanitizeHTML(pol, f.HTML)
			in.HTMLContent, in.HTMLValue = template.HTML(clean), clean
		case f.Type == "hiddenField":
			in.Hidden, in.HiddenName, in.HiddenValue = true, f.Name, in.Default
			if in.HiddenValue == "" {
				in.HiddenValue = f.Value
			}
		default:
			in.Input, in.Type = true, f.Type
		}
		d.Fields = append(d.Fields, in)
	}
	return pageTemplate().Execute(w, d)
}

func num2s(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// AuthToken is n8n's generateBasicAuthToken: HMAC-SHA256 keyed with
// "user:password" over "<node id>-<webhook id>", hex.
func (c *Config) AuthToken(user, password string) string {
	if user == "" || password == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(user+":"+password))
	m.Write([]byte(c.NodeID + "-" + c.WebhookID))
	return hex.EncodeToString(m.Sum(nil))
}
