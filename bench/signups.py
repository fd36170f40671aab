"""The sign-up target: a wrk script posting the real sign-up form, as many readers' browsers would."""

import html.parser
import secrets
import time
import urllib.parse
import urllib.request


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send from the sign-up form, with their default values."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.in_form = {}, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or (kind == "checkbox"):
                    self.fields.setdefault(attrs["name"], attrs.get("value", "on"))
            else:
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if value and (self.select not in self.fields or "selected" in attrs):
                self.fields[self.select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_tokens(secret_key, count):
    """Form-timing tokens as the site signs them (membership.tokens.form_timing_token, salt "membership.form").

    Each fetched sign-up form is good for one sign-up, so each request of the benchmark carries a token of its
    own, as each reader's browser would after fetching the form.
    """
    from django.conf import settings

    if not settings.configured:
        settings.configure(SECRET_KEY=secret_key)
    from django.core import signing

    shown_at = int(time.time())
    return [
        urllib.parse.quote(
            signing.dumps(
                {"t": shown_at, "n": secrets.token_urlsafe(12)}, key=secret_key, salt="membership.form"
            )
        )
        for _ in range(count)
    ]


def signup_script(server, run_tag, directory, *, tokens_per_thread=10_000, threads=2):
    """A wrk Lua script posting the real sign-up form, each request with a new address and its own form
    token; counts answers."""
    request = urllib.request.Request(server.url + "/membership/join/")
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
    parser = FormFields()
    parser.feed(page)
    fields = parser.fields
    # A custom monthly pledge: it needs no tier to exist in the database.
    fields.update({"tier": "custom", "amount": "300", "frequency": "monthly", "name": "Bench Reader"})
    fields.update({"country": "MK", "website": ""})
    fields.pop("newsletter", None)
    fields.pop("email", None)
    fields.pop("started", None)
    before = urllib.parse.urlencode(fields) + "&email="
    middle = "&started="
    tokens = form_tokens(server.secret_key, tokens_per_thread * threads)
    token_table = ",".join(f'"{token}"' for token in tokens)
    script = directory / "signup.lua"
    script.write_text(
        f"""
local before, middle = [[{before}]], [[{middle}]]
local tokens = {{{token_table}}}
local per_thread = {tokens_per_thread}
local threads = {{}}
local counter = 0
setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
init = function(args)
  ok, refused = 0, 0
end
request = function()
  counter = counter + 1
  local token = tokens[id * per_thread + ((counter - 1) % per_thread) + 1]
  local body = before .. "bench-{run_tag}-" .. id .. "-" .. counter .. "%40example.org" .. middle .. token
  return wrk.format("POST", "/membership/join/", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "{cookie}",
    ["Referer"] = "{server.url}/membership/join/",
  }}, body)
end
response = function(status, headers, body)
  if status == 302 then ok = ok + 1 else refused = refused + 1 end
end
done = function(summary, latency, requests)
  local total_ok, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format("SIGNUPS ok=%d refused=%d\\n", total_ok, total_refused))
end
"""
    )
    return script
