package auth

import (
	"fmt"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Lookup returns the rule of a credential type.
func Lookup(typ string) (*Rule, bool) {
	r, ok := rules[typ]
	return r, ok
}

// Generic reports whether typ is one of the HTTP Request node's generic
// auth types (genericAuthType).
func Generic(typ string) bool { return generic[typ] }

// Types lists every credential type with a rule.
func Types() []string {
	out := make([]string, 0, len(rules))
	for k := range rules {
		out = append(out, k)
	}
	return out
}

// Limits returns the rate limit of every type that has one, for the HTTP
// client's token buckets.
func Limits() map[string]Rate {
	out := map[string]Rate{}
	for k, r := range rules {
		if r.Rate.PerSecond > 0 {
			out[k] = r.Rate
		}
	}
	return out
}

// generic are the genericAuthType values the HTTP Request node offers.
var generic = map[string]bool{"httpBasicAuth": true, "httpBearerAuth": true, "httpDigestAuth": true,
	"httpHeaderAuth": true, "httpQueryAuth": true, "httpCustomAuth": true, "oAuth1Api": true, "oAuth2Api": true}

// google is googleOAuth2Api's fixed fields, which its per-service types share.
var google = map[string]any{"grantType": "authorizationCode", "accessTokenUrl": "https://oauth2.googleapis.com/token", "authentication": "body"}

// rules is read-only after package initialisation. Each entry follows the
// type's `authenticate` and `test` in n8n 1.123.81 (base URLs and field
// names as that version declares them).
var rules = index(
	// Generic types (the HTTP Request node reads their fields itself in n8n).
	Rule{Type: "httpHeaderAuth", Headers: []Field{{"={{$credentials.name}}", "={{$credentials.value}}"}}},
	Rule{Type: "httpBearerAuth", Headers: []Field{{"Authorization", "=Bearer {{$credentials.token}}"}}},
	Rule{Type: "httpQueryAuth", Query: []Field{{"={{$credentials.name}}", "={{$credentials.value}}"}}},
	Rule{Type: "httpBasicAuth", BasicAuth: &Field{"={{$credentials.user}}", "={{$credentials.password}}"}},
	// Digest: n8n's client sends the first request with Basic credentials
	// (axios's auth) and answers a Digest challenge once.
	Rule{Type: "httpDigestAuth", Func: func(c Credential, t *Target) error {
		t.Digest = &Basic{User: String(c["user"]), Password: String(c["password"])}
		SetHeader(t.Header, "Authorization", BasicHeader(t.Digest.User, t.Digest.Password))
		return nil
	}},
	Rule{Type: "httpCustomAuth", Func: customAuth},
	Rule{Type: "oAuth1Api", OAuth1: &OAuth1{}},
	Rule{Type: "oAuth2Api", OAuth2: &OAuth2{Defaults: map[string]any{"grantType": "authorizationCode", "authentication": "header"}}},

	// OAuth2 types extending oAuth2Api with fixed token URLs.
	Rule{Type: "googleOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleSheetsOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleSheetsTriggerOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleDriveOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleSlidesOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleDocsOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleCalendarOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "gmailOAuth2", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "googleAdsOAuth2Api", OAuth2: &OAuth2{Defaults: google}},
	Rule{Type: "linearOAuth2Api", OAuth2: &OAuth2{Defaults: map[string]any{"grantType": "authorizationCode", "accessTokenUrl": "https://api.linear.app/oauth/token", "authentication": "body"}}},
	Rule{Type: "slackOAuth2Api", OAuth2: &OAuth2{Defaults: map[string]any{"grantType": "authorizationCode", "accessTokenUrl": "https://slack.com/api/oauth.v2.access", "authentication": "body"}}},
	Rule{Type: "airtableOAuth2Api", OAuth2: &OAuth2{Defaults: map[string]any{"grantType": "pkce", "accessTokenUrl": "https://airtable.com/oauth2/v1/token", "authentication": "header"}}},
	Rule{Type: "notionOAuth2Api", OAuth2: &OAuth2{Defaults: map[string]any{"grantType": "authorizationCode", "accessTokenUrl": "https://api.notion.com/v1/oauth/token", "authentication": "header"}}},

	// Predefined types, the most used with the HTTP Request node in the
	// public corpus first.
	Rule{Type: "openAiApi", Func: openAI, BaseURL: "={{$credentials.url}}", Test: Test{URL: "/models"}},
	Rule{Type: "wordpressApi", BasicAuth: &Field{"={{$credentials.username}}", "={{$credentials.password}}"},
		BaseURL: "={{$credentials.url}}/wp-json/wp/v2", Test: Test{URL: "/users"}},
	Rule{Type: "qdrantApi", Headers: []Field{{"api-key", "={{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.qdrantUrl}}", Test: Test{URL: "/collections"}},
	Rule{Type: "cloudflareApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiToken}}"}},
		BaseURL: "https://api.cloudflare.com/client/v4", Test: Test{URL: "/user/tokens/verify"}},
	Rule{Type: "slackApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.accessToken}}"}},
		BaseURL: "https://slack.com", Test: Test{URL: "/api/users.profile.get"}},
	Rule{Type: "serpApi", Query: []Field{{"api_key", "={{$credentials.apiKey}}"}},
		BaseURL: "https://serpapi.com", Test: Test{URL: "/account.json"}},
	Rule{Type: "calApi", Query: []Field{{"apiKey", "={{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.host}}", Test: Test{URL: "/v1/memberships"}},
	Rule{Type: "whatsAppApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.accessToken}}"}},
		BaseURL: "https://graph.facebook.com/v13.0", Test: Test{URL: "/"}},
	Rule{Type: "airtableTokenApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.accessToken}}"}},
		BaseURL: "https://api.airtable.com/v0", Test: Test{URL: "/meta/whoami"},
		// Airtable: 5 requests per second per base.
		Rate: Rate{PerSecond: 5, Burst: 5}},
	Rule{Type: "airtableApi", Query: []Field{{"api_key", "={{$credentials.apiKey}}"}},
		BaseURL: "https://api.airtable.com/v0", Rate: Rate{PerSecond: 5, Burst: 5}},
	Rule{Type: "stripeApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.secretKey}}"}},
		BaseURL: "https://api.stripe.com/v1", Test: Test{URL: "/charges"}},
	Rule{Type: "githubApi", Headers: []Field{{"Authorization", "=token {{$credentials.accessToken}}"}},
		BaseURL: "={{$credentials.server}}", Test: Test{URL: "/user"}},
	Rule{Type: "gitlabApi", Headers: []Field{{"Private-Token", "={{$credentials.accessToken}}"}},
		BaseURL: "={{$credentials.server}}/api/v4", Test: Test{URL: "/personal_access_tokens/self"}},
	Rule{Type: "notionApi", Func: notion, BaseURL: "https://api.notion.com/v1", Test: Test{URL: "/users/me"},
		// Notion documents an average of 3 requests per second and allows
		// bursts above it without a number; a small run (a template's
		// dozen calls) must not be paced, and a 429 with Retry-After
		// remains the safety net past the burst.
		Rate: Rate{PerSecond: 3, Burst: 30}},
	// telegramApi has no authenticate in n8n: the token is part of every
	// URL (baseUrl defaults to https://api.telegram.org).
	Rule{Type: "telegramApi", Func: func(Credential, *Target) error { return nil },
		BaseURL: "={{$credentials.baseUrl}}/bot{{$credentials.accessToken}}", Test: Test{URL: "/getMe"},
		// Telegram: about 30 messages a second per bot.
		Rate: Rate{PerSecond: 30, Burst: 30}},
	Rule{Type: "clockifyApi", Headers: []Field{{"X-Api-Key", "={{$credentials.apiKey}}"}},
		BaseURL: "https://api.clockify.me/api/v1", Test: Test{URL: "/workspaces"},
		// Clockify: 50 requests per second per add-on/API key.
		Rate: Rate{PerSecond: 50, Burst: 50}},
	Rule{Type: "anthropicApi", Func: anthropic, BaseURL: "={{$credentials.url}}"},
	Rule{Type: "perplexityApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}}, BaseURL: "https://api.perplexity.ai"},
	Rule{Type: "hubspotAppToken", Headers: []Field{{"Authorization", "=Bearer {{$credentials.appToken}}"}},
		BaseURL: "https://api.hubapi.com", Test: Test{URL: "/account-info/v3/details"}},
	Rule{Type: "supabaseApi", Headers: []Field{{"apikey", "={{$credentials.serviceRole}}"}, {"Authorization", "=Bearer {{$credentials.serviceRole}}"}},
		BaseURL: "={{$credentials.host}}/rest/v1", Test: Test{URL: "/"}},
	Rule{Type: "jinaAiApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}}},
	Rule{Type: "mistralCloudApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "https://api.mistral.ai/v1", Test: Test{URL: "/models"}},
	Rule{Type: "groqApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "https://api.groq.com/openai/v1", Test: Test{URL: "/models"}},
	Rule{Type: "deepSeekApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.url}}", Test: Test{URL: "/models"}},
	Rule{Type: "openRouterApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.url}}", Test: Test{URL: "/key"}},
	Rule{Type: "xAiApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.url}}", Test: Test{URL: "/models"}},
	Rule{Type: "googlePalmApi", Query: []Field{{"key", "={{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.host}}", Test: Test{URL: "/v1beta/models"}},
	Rule{Type: "pineconeApi", Headers: []Field{{"Api-Key", "={{$credentials.apiKey}}"}},
		BaseURL: "https://api.pinecone.io", Test: Test{URL: "/indexes"}},
	Rule{Type: "discordBotApi", Headers: []Field{{"Authorization", "=Bot {{$credentials.botToken}}"}},
		BaseURL: "https://discord.com/api/v10", Test: Test{URL: "/users/@me/guilds"}},
	Rule{Type: "todoistApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "https://api.todoist.com/rest/v2", Test: Test{URL: "/labels"}},
	Rule{Type: "nocoDbApiToken", Headers: []Field{{"xc-token", "={{$credentials.apiToken}}"}},
		BaseURL: "={{$credentials.host}}", Test: Test{URL: "/api/v1/auth/user/me"}},
	Rule{Type: "mailchimpApi", Headers: []Field{{"Authorization", "=apikey {{$credentials.apiKey}}"}}},
	Rule{Type: "sendGridApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "https://api.sendgrid.com/v3", Test: Test{URL: "/scopes"}},
	Rule{Type: "shopifyAccessTokenApi", Headers: []Field{{"X-Shopify-Access-Token", "={{$credentials.accessToken}}"}},
		BaseURL: "=https://{{$credentials.shopSubdomain}}.myshopify.com/admin/api/2024-07", Test: Test{URL: "/products.json"}},
	Rule{Type: "jiraSoftwareCloudApi", BasicAuth: &Field{"={{$credentials.email}}", "={{$credentials.apiToken}}"},
		BaseURL: "={{$credentials.domain}}", Test: Test{URL: "/rest/api/2/myself"}},
	Rule{Type: "mondayComApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiToken}}"}}, BaseURL: "https://api.monday.com/v2"},
	Rule{Type: "clickUpApi", Headers: []Field{{"Authorization", "={{$credentials.accessToken}}"}},
		BaseURL: "https://api.clickup.com/api/v2", Test: Test{URL: "/team"}},
	Rule{Type: "asanaApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.accessToken}}"}}},
	Rule{Type: "pipedriveApi", Query: []Field{{"api_token", "={{$credentials.apiToken}}"}}},
	Rule{Type: "ollamaApi", Headers: []Field{{"Authorization", "=Bearer {{$credentials.apiKey}}"}},
		BaseURL: "={{$credentials.baseUrl}}", Test: Test{URL: "/api/tags"}},
)

func index(list ...Rule) map[string]*Rule {
	out := make(map[string]*Rule, len(list))
	for i := range list {
		out[list[i].Type] = &list[i]
	}
	return out
}

// notion is NotionApi's authenticate: note the trailing space after the
// key, and the API version only when the request has none.
func notion(c Credential, t *Target) error {
	SetHeader(t.Header, "Authorization", "Bearer "+String(c["apiKey"])+" ")
	if !HasHeader(t.Header, "Notion-Version") {
		SetHeader(t.Header, "Notion-Version", "2022-02-22")
	}
	return nil
}

// openAI is OpenAiApi's authenticate: the key, the organisation (sent
// even when empty) and an optional custom header.
func openAI(c Credential, t *Target) error {
	SetHeader(t.Header, "Authorization", "Bearer "+String(c["apiKey"]))
	if v, ok := c["organizationId"]; ok {
		SetHeader(t.Header, "OpenAI-Organization", String(v))
	}
	customHeader(c, t)
	return nil
}

// anthropic is AnthropicApi's authenticate.
func anthropic(c Credential, t *Target) error {
	SetHeader(t.Header, "x-api-key", String(c["apiKey"]))
	customHeader(c, t)
	return nil
}

func customHeader(c Credential, t *Target) {
	name, _ := c["headerName"].(string)
	value, ok := c["headerValue"].(string)
	if on, _ := c["header"].(bool); on && name != "" && ok {
		SetHeader(t.Header, name, value)
	}
}

// customAuth is httpCustomAuth: a JSON document whose headers, qs and body
// objects are spread over the request's.
func customAuth(c Credential, t *Target) error {
	src := String(c["json"])
	if src == "" {
		src = "{}"
	}
	doc, err := data.ParseJSONObject([]byte(src))
	if err != nil {
		return fmt.Errorf("Invalid Custom Auth JSON")
	}
	if h, ok := doc.Value("headers").(*data.Object); ok {
		for k, v := range h.All() {
			SetHeader(t.Header, k, String(v))
		}
	}
	if q, ok := doc.Value("qs").(*data.Object); ok {
		if t.Query == nil {
			t.Query = data.NewObject(q.Len())
		}
		for k, v := range q.All() {
			t.Query.Set(k, v)
		}
	}
	if b, ok := doc.Value("body").(*data.Object); ok && b.Len() > 0 {
		if t.Body == nil {
			t.Body = data.NewObject(b.Len())
		}
		for k, v := range b.All() {
			t.Body.Set(k, v)
		}
		t.BodyChanged = true
	}
	return nil
}

// Must is Lookup for a node's own credential type, which always has a rule
// (a missing one is a programming error caught by the node's first test).
func Must(typ string) *Rule {
	r, ok := Lookup(typ)
	if !ok {
		panic("auth: no rule for credential type " + typ)
	}
	return r
}
