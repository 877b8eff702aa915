package formtrigger

import (
	"html/template"
	"io"
	"net/url"
	"strings"
	"sync"
)

// Completion is a form's ending page (n8n's form-trigger-completion
// view): a title and message, a text, or a redirect.
type Completion struct {
	// FormTitle is the page's <title>.
	FormTitle, Title, Message string
	// ResponseText is shown instead of the card (respondWith showText).
	ResponseText string
	// RedirectURL, when a safe http(s) URL, is where the page goes.
	RedirectURL       string
	CustomCSS         string
	AppendAttribution bool
	// Binary is the file of a "Return Binary File" ending, as n8n hands
	// it to the page: encodeURIComponent of {data, fileName, type}, the
	// data a binary string; the page downloads it.
	Binary string
}

type completionData struct {
	FormTitle, Title  string
	Message, Text     template.HTML
	RedirectURL       string
	CSS               string
	AppendAttribution bool
	Binary            template.JS
}

var completionTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("completion").Funcs(template.FuncMap{
		"css": func(s string) template.CSS { return template.CSS(s) },
	}).Parse(completionSource))
})

// RenderCompletion writes the ending page. Once loaded, the page posts to
// its own URL (which ends the waiting execution) and follows the redirect.
func (c *Completion) RenderCompletion(w io.Writer) error {
	pol := policy()
	d := completionData{FormTitle: c.FormTitle, Title: c.Title, Message: template.HTML(sanitizeHTML(pol, c.Message)),
		Text: template.HTML(sanitizeHTML(pol, c.ResponseText)), CSS: sanitizeCSS(c.CustomCSS), AppendAttribution: c.AppendAttribution,
		Binary: template.JS(binaryLiteral(c.Binary))}
	if u, err := url.Parse(strings.TrimSpace(c.RedirectURL)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		d.RedirectURL = u.String()
	}
	return completionTemplate().Execute(w, d)
}

// binaryLiteral is the page's JavaScript string literal of the encoded
// file (percent-encoded, so only URI characters; "" for none).
func binaryLiteral(enc string) string {
	if enc == "" {
		enc = "%22%22" // n8n encodes '' when there is no file
	}
	for _, c := range enc {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.!~*'()%", c)) {
			return `""`
		}
	}
	return `"` + strings.ReplaceAll(enc, "'", "\\x27") + `"`
}

const completionSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{{.FormTitle}}</title>
<style>
body { font-family: 'Open Sans', sans-serif; background: #fbfcfe; margin: 0; padding: 24px; }
.container { max-width: 448px; margin: 0 auto; }
.card { background: #fff; border: 1px solid #dbdfe7; border-radius: 8px; padding: 24px; box-shadow: 0 4px 16px rgba(99,77,255,0.06); }
.header h1 { font-size: 20px; font-weight: 400; margin: 0 0 8px; text-align: center; }
.header p { font-size: 14px; color: #7e8186; text-align: center; margin: 0; }
.n8n-link { text-align: center; margin-top: 24px; font-size: 12px; }
</style>
{{if .CSS}}<style>{{css .CSS}}</style>{{end}}
</head>
<body>
{{if .Text}}{{.Text}}{{else if .RedirectURL}}<div>Redirecting to <a href="{{.RedirectURL}}">{{.RedirectURL}}</a></div>{{else}}
<div class="container"><section>
<div class="card"><div class="header"><h1 id="completion-title">{{.Title}}</h1><p id="completion-message">{{.Message}}</p></div></div>
{{if .AppendAttribution}}<div class="n8n-link"><a href="https://n8n.io/" target="_blank">Form automated with n8n</a></div>{{end}}
</section></div>{{end}}
{{if .RedirectURL}}<a id="redirectUrl" href="{{.RedirectURL}}" style="display: none"></a>{{end}}
<script>
document.addEventListener('DOMContentLoaded', function () {
  const binary = {{.Binary}} ? JSON.parse(decodeURIComponent({{.Binary}})) : '';
  if (!binary || !binary.data) return;
  const byteArray = binary.data.type === 'Buffer'
    ? new Uint8Array(binary.data.data)
    : Uint8Array.from(binary.data, function (c) { return c.charCodeAt(0); });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([byteArray], { type: binary.type }));
  link.download = binary.fileName;
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
});
fetch(window.location.pathname, { method: 'POST', body: {} })
  .then(function (res) {
    if (res.status === 200) {
      var r = document.getElementById('redirectUrl');
      if (r) { window.location.replace(r.href); return; }
    }
    return res.text().then(function (text) {
      var json;
      try { json = JSON.parse(text); } catch (e) { json = undefined; }
      if (json && json.redirectURL) window.location.replace(json.redirectURL);
    });
  })
  .catch(function () {});
</script>
</body>
</html>
`
