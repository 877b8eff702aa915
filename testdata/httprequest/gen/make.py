#!/usr/bin/env python3
"""make.py writes the recorded workflows of this folder that it names
(oauth1*, oauth2-*, versions, bodies, digest, allowed-domains) and their
credentials: the source of those files, so they are reviewed as code.
Run from anywhere; then record with ../record.sh NAME."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.dirname(here)


def node(name, params, version=4.2, creds=None, x=0, y=0, **extra):
    n = {"parameters": params, "name": name, "type": "n8n-nodes-base.httpRequest",
         "typeVersion": version, "position": [x, y], "id": name.lower().replace(" ", "-")}
    if creds:
        n["credentials"] = {creds: {"id": "c-" + creds, "name": creds}}
    n.update(extra)
    return n


def chain(name, nodes):
    """A manual trigger and the nodes one after another."""
    start = {"parameters": {}, "name": "Start", "type": "n8n-nodes-base.manualTrigger",
             "typeVersion": 1, "position": [0, 0], "id": "start"}
    conns, prev = {}, "Start"
    for i, n in enumerate(nodes):
        n["position"] = [200 * (i + 1), 0]
        conns[prev] = {"main": [[{"node": n["name"], "type": "main", "index": 0}]]}
        prev = n["name"]
    return {"name": name, "nodes": [start] + nodes, "connections": conns,
            "settings": {"executionOrder": "v1"}, "active": False}


def fan(name, first, rest):
    """A manual trigger, a first node, and the rest each fed by the first
    (run top to bottom)."""
    start = {"parameters": {}, "name": "Start", "type": "n8n-nodes-base.manualTrigger",
             "typeVersion": 1, "position": [0, 0], "id": "start"}
    first["position"] = [200, 0]
    for i, n in enumerate(rest):
        n["position"] = [400, 200 * i]
    conns = {"Start": {"main": [[{"node": first["name"], "type": "main", "index": 0}]]},
             first["name"]: {"main": [[{"node": n["name"], "type": "main", "index": 0} for n in rest]]}}
    return {"name": name, "nodes": [start, first] + rest, "connections": conns,
            "settings": {"executionOrder": "v1"}, "active": False}


def write(name, wf, creds=None, flags=None):
    with open(os.path.join(out, name + ".workflow.json"), "w") as f:
        json.dump(wf, f, indent=1)
        f.write("\n")
    if creds is not None:
        with open(os.path.join(out, name + ".creds.json"), "w") as f:
            json.dump(creds, f, indent=1)
            f.write("\n")
    if flags:
        with open(os.path.join(out, name + ".fakeflags"), "w") as f:
            f.write(flags + "\n")


def cred(typ, data):
    return {"id": "c-" + typ, "name": typ, "type": typ, "data": data}


# OAuth1: every place a parameter can be signed from.
def oauth1(method):
    return cred("oAuth1Api", {
        "authUrl": "https://api.fake.test/oauth1/authorize",
        "accessTokenUrl": "https://api.fake.test/oauth1/access",
        "requestTokenUrl": "https://api.fake.test/oauth1/request",
        "consumerKey": "ck-1", "consumerSecret": "cs-secret", "signatureMethod": method,
        "oauthTokenData": {"oauth_token": "tok-1", "oauth_token_secret": "ts-secret"}})


O1 = dict(authentication="genericCredentialType", genericAuthType="oAuth1Api")
write("oauth1", chain("oauth1", [
    node("OA1 GET", dict(url="https://api.fake.test/echo/oa1?z=0&s=a%20b", **O1, sendQuery=True,
                         queryParameters={"parameters": [{"name": "a", "value": "1"}, {"name": "b", "value": "x y"},
                                                          {"name": "c", "value": "!*'()~"}]}, options={}),
         creds="oAuth1Api"),
    node("OA1 form", dict(method="POST", url="https://api.fake.test/echo/oa1", **O1, sendBody=True,
                          contentType="form-urlencoded",
                          bodyParameters={"parameters": [{"name": "f", "value": "1"}, {"name": "g", "value": "&= +"}]},
                          options={}), creds="oAuth1Api"),
    node("OA1 JSON", dict(method="POST", url="https://api.fake.test/echo/oa1", **O1, sendHeaders=True,
                          headerParameters={"parameters": [{"name": "X-Keep", "value": "v"}]},
                          sendBody=True, specifyBody="json", jsonBody="{\"j\":1}", options={}), creds="oAuth1Api"),
    node("OA1 dup 4.3", dict(url="https://api.fake.test/echo/oa1", **O1, sendQuery=True,
                             queryParameters={"parameters": [{"name": "a", "value": "2"}, {"name": "a", "value": "1"}]},
                             options={}), version=4.3, creds="oAuth1Api"),
    node("OA1 v1", {"url": "https://api.fake.test/echo/oa1v1", "authentication": "oAuth1",
                    "queryParametersUi": {"parameter": [{"name": "q", "value": "v 1"}]}, "options": {}},
         version=1, creds="oAuth1Api"),
]), [oauth1("HMAC-SHA1")], "-oauth1 ck-1:cs-secret:ts-secret")
for m in ("HMAC-SHA256", "HMAC-SHA512"):
    name = "oauth1-" + m.split("-")[1].lower()
    write(name, chain(name, [
        node("OA1 " + m, dict(method="POST", url="https://api.fake.test/echo/oa1?z=0", **O1, sendBody=True,
                              contentType="form-urlencoded",
                              bodyParameters={"parameters": [{"name": "f", "value": "1"}]}, options={}),
             creds="oAuth1Api")]), [oauth1(m)], "-oauth1 ck-1:cs-secret:ts-secret")

# OAuth2: an authorization-code token that expired (refresh on the 401),
# then a second node reading the refreshed token back.
O2 = dict(authentication="genericCredentialType", genericAuthType="oAuth2Api")
o2base = {"authUrl": "https://api.fake.test/oauth/authorize", "accessTokenUrl": "https://api.fake.test/oauth/token",
          "clientId": "cid", "clientSecret": "csecret", "scope": "read write", "authQueryParameters": ""}
write("oauth2-refresh", chain("oauth2-refresh", [
    node("Expired", dict(url="https://api.fake.test/secure/a?z=0", **O2, options={}), creds="oAuth2Api"),
    node("Refreshed", dict(url="https://api.fake.test/secure/b", **O2, options={}), creds="oAuth2Api"),
]), [cred("oAuth2Api", dict(o2base, grantType="authorizationCode", authentication="header",
                            oauthTokenData={"access_token": "stale", "refresh_token": "refresh-1",
                                            "token_type": "Bearer", "expires_in": 3600, "scope": "read write"}))],
    "-oauth2-client cid:csecret")
write("oauth2-body", chain("oauth2-body", [
    node("Expired body", dict(url="https://api.fake.test/secure/a", **O2, options={}), creds="oAuth2Api"),
]), [cred("oAuth2Api", dict(o2base, grantType="authorizationCode", authentication="body",
                            oauthTokenData={"access_token": "stale", "refresh_token": "refresh-2",
                                            "token_type": "Bearer"}))],
    "-oauth2-client cid:csecret")
write("oauth2-cc", chain("oauth2-cc", [
    node("First", dict(url="https://api.fake.test/secure/a", **O2, options={}), creds="oAuth2Api"),
    node("Second", dict(method="POST", url="https://api.fake.test/secure/b", **O2, sendBody=True,
                        specifyBody="json", jsonBody="{\"x\":1}", options={}), creds="oAuth2Api"),
]), [cred("oAuth2Api", dict(o2base, grantType="clientCredentials", authentication="header"))],
    "-oauth2-client cid:csecret")

# typeVersions 3, 4 and 4.1, each GET with query and header pairs and a
# POST with JSON pairs.
vs = []
for v in (3, 4, 4.1):
    vs.append(node("GET %s" % v, dict(url="https://api.fake.test/echo/v%s?z=0" % v, sendQuery=True,
                                        queryParameters={"parameters": [{"name": "a", "value": "1"}, {"name": "a", "value": "2"}]},
                                        sendHeaders=True, headerParameters={"parameters": [{"name": "X-V", "value": str(v)}]},
                                        options={}), version=v))
    vs.append(node("POST %s" % v, dict(method="POST", url="https://api.fake.test/echo/v%s" % v, sendBody=True,
                                         bodyParameters={"parameters": [{"name": "n", "value": "1"}, {"name": "s", "value": "t"}]},
                                         options={}), version=v))
    vs.append(node("Records %s" % v, dict(url="https://api.fake.test/people", options={}), version=v))
write("versions", chain("versions", vs))

# Body types: a file fetched first, then each upload fed by it.
get_file = node("Get file", {"url": "https://api.fake.test/files/report.txt", "options": {
    "response": {"response": {"responseFormat": "file"}}}})
uploads = [
    node("Raw", dict(method="POST", url="https://api.fake.test/echo/raw", sendBody=True, contentType="raw",
                     rawContentType="text/plain", body="hello raw {{ 1 }}", options={})),
    node("Raw expr", dict(method="PUT", url="https://api.fake.test/echo/raw", sendBody=True, contentType="raw",
                          rawContentType="application/xml", body="=<a>{{ $binary.data.fileName }}</a>", options={})),
    node("Binary", dict(method="POST", url="https://api.fake.test/echo/bin", sendBody=True, contentType="binaryData",
                        inputDataFieldName="data", options={})),
    node("Multipart file", dict(method="POST", url="https://api.fake.test/echo/multi", sendBody=True,
                                contentType="multipart-form-data",
                                bodyParameters={"parameters": [
                                    {"parameterType": "formData", "name": "title", "value": "report"},
                                    {"parameterType": "formBinaryData", "name": "file", "inputDataFieldName": "data"},
                                    {"parameterType": "formData", "name": "after", "value": "x"}]},
                                options={})),
    node("JSON raw", dict(method="POST", url="https://api.fake.test/echo/json", sendBody=True, specifyBody="json",
                          jsonBody="={\"name\": {{ JSON.stringify($binary.data.fileName) }}, \"n\": [1, 2]}",
                          options={})),
    node("Form string", dict(method="POST", url="https://api.fake.test/echo/form", sendBody=True,
                             contentType="form-urlencoded", specifyBody="string", body="a=1&b=two words",
                             options={})),
    node("JSON pairs", dict(method="PATCH", url="https://api.fake.test/echo/json", sendBody=True,
                            bodyParameters={"parameters": [{"name": "a", "value": "1"}, {"name": "b", "value": "={{ 2 }}"}]},
                            options={})),
]
write("bodies", fan("bodies", get_file, uploads))

# Digest.
write("digest", chain("digest", [
    node("Digest GET", dict(url="https://api.fake.test/digest/a?z=0", authentication="genericCredentialType",
                            genericAuthType="httpDigestAuth", options={}), creds="httpDigestAuth"),
    node("Digest POST", dict(method="POST", url="https://api.fake.test/digest/b", authentication="genericCredentialType",
                             genericAuthType="httpDigestAuth", sendBody=True, specifyBody="json", jsonBody="{\"d\":1}",
                             options={}), creds="httpDigestAuth"),
]), [cred("httpDigestAuth", {"user": "dave", "password": "digest-secret"})], "-digest dave:digest-secret")

# Allowed domains of a credential ("allowedHttpRequestDomains"): a list
# that leaves out the URL's host, "none", and "domains" with no list.
write("allowed-domains", chain("allowed-domains", [
    node("Not listed", dict(url="https://api.fake.test/echo/allowed", authentication="genericCredentialType",
                            genericAuthType="httpHeaderAuth", options={}), creds="httpHeaderAuth",
         onError="continueRegularOutput"),
    node("None", dict(url="https://api.fake.test/echo/none", authentication="genericCredentialType",
                      genericAuthType="httpQueryAuth", options={}), creds="httpQueryAuth",
         onError="continueRegularOutput"),
    node("Empty list", dict(url="https://api.fake.test/echo/empty", authentication="genericCredentialType",
                            genericAuthType="httpBearerAuth", options={}), creds="httpBearerAuth",
         onError="continueRegularOutput"),
]), [cred("httpHeaderAuth", {"name": "X-Token", "value": "ad-secret", "allowedHttpRequestDomains": "domains",
                             "allowedDomains": "other.example.com, *.example.com"}),
     cred("httpQueryAuth", {"name": "key", "value": "ad-secret-2", "allowedHttpRequestDomains": "none"}),
     cred("httpBearerAuth", {"token": "ad-secret-3", "allowedHttpRequestDomains": "domains", "allowedDomains": " "})])
