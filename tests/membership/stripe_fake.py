"""Stripe outside this machine, stood in for at the HTTP boundary: a fake Stripe API on 127.0.0.1 that the
real `stripe` library talks to (settings.STRIPE_API_BASE), and webhook events in Stripe's documented shapes
(API version 2026-02-25.clover: an invoice names its subscription under parent.subscription_details),
signed as Stripe signs them: Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>" with the
endpoint's secret>.
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET_KEY = "sk_test_newsroom"
WEBHOOK_SECRET = "whsec_test_newsroom"
API_VERSION = "2026-02-25.clover"
_ids = itertools.count(1)


def new_id(prefix):
    return f"{prefix}_test_{next(_ids):08d}"


class FakeStripe:
    """The Stripe API calls this site makes, answered as Stripe answers them; `requests` keeps each one
    (path and the form-encoded parameters as Stripe's library sent them). `failures` maps a path to the
    (status, error) Stripe answers there instead, as when Stripe is down or refuses."""

    def __init__(self):
        self.requests = []
        self.sessions = {}
        self.portal_return_url = None
        self.failures = {}
        self.canceled = set()
        self.deleted_customers = set()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                params = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                fake.requests.append(
                    {"path": self.path, "params": params, "auth": self.headers["Authorization"]}
                )
                if self.path in fake.failures:
                    return self._failure()
                if self.path == "/v1/checkout/sessions":
                    session_id = new_id("cs")
                    session = {
                        "id": session_id,
                        "object": "checkout.session",
                        "mode": params["mode"],
                        "client_reference_id": params.get("client_reference_id"),
                        "success_url": params["success_url"],
                        "cancel_url": params["cancel_url"],
                        "status": "open",
                        "payment_status": "unpaid",
                        "url": f"{fake.url}/c/pay/{session_id}",
                    }
                    fake.sessions[session_id] = session
                    return self._json(200, session)
                if self.path == "/v1/billing_portal/sessions":
                    fake.portal_return_url = params["return_url"]
                    return self._json(
                        200,
                        {
                            "id": new_id("bps"),
                            "object": "billing_portal.session",
                            "url": f"{fake.url}/p/session",
                        },
                    )
                self._json(
                    404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}}
                )

            def _failure(self):
                status, message = fake.failures[self.path]
                error_type = "api_error" if status >= 500 else "invalid_request_error"
                self._json(status, {"error": {"type": error_type, "message": message}})

            def do_DELETE(self):
                fake.requests.append({"path": self.path, "params": {}, "auth": self.headers["Authorization"]})
                if self.path in fake.failures:
                    return self._failure()
                if self.path.startswith("/v1/customers/"):
                    return self._delete_customer(self.path.rsplit("/", 1)[-1])
                subscription = self.path.rsplit("/", 1)[-1]
                if subscription in fake.canceled:  # Stripe's answer: a canceled subscription is gone
                    message = f"No such subscription: '{subscription}'"
                    error = {"type": "invalid_request_error", "code": "resource_missing", "message": message}
                    return self._json(404, {"error": error})
                fake.canceled.add(subscription)
                self._json(200, {"id": subscription, "object": "subscription", "status": "canceled"})

            def _delete_customer(self, customer):
                if customer in fake.deleted_customers:  # Stripe's answer: a deleted customer is gone
                    message = f"No such customer: '{customer}'"
                    error = {"type": "invalid_request_error", "code": "resource_missing", "message": message}
                    return self._json(404, {"error": error})
                fake.deleted_customers.add(customer)
                self._json(200, {"id": customer, "object": "customer", "deleted": True})

            def do_GET(self):
                if self.path == "/p/session":
                    # Stripe's billing portal: the member's card, and a link back to the site.
                    page = f'<!DOCTYPE html><title>Billing</title><h1>Your card</h1><a href="{fake.portal_return_url}">Return to the site</a>'
                    body = page.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return None
                # Stripe's hosted Checkout page, paid at once: back to the site's success address.
                session = fake.sessions.get(self.path.rsplit("/", 1)[-1])
                if session is None:
                    return self._json(404, {})
                session.update(status="complete", payment_status="paid")
                self.send_response(303)
                self.send_header(
                    "Location", session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
                )
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def sign(payload: bytes, secret=WEBHOOK_SECRET, timestamp=None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signed}"


def event(event_type, obj, *, event_id=None, created=None):
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": created or int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def metadata(member):
    return {"member_reference": member.payment_reference, "frequency": member.frequency}


def checkout_session(
    member,
    *,
    mode="payment",
    amount_total=30000,
    currency="mkd",
    customer=None,
    subscription=None,
    created=None,
):
    return {
        "id": new_id("cs"),
        "object": "checkout.session",
        "amount_subtotal": amount_total,
        "amount_total": amount_total,
        "cancel_url": "https://news.example.org/membership/card/cancelled/",
        "client_reference_id": member.payment_reference,
        "created": created or int(time.time()),
        "currency": currency,
        "customer": customer,
        "customer_details": {"email": member.email, "name": member.name, "address": {"country": "MK"}},
        "customer_email": member.email,
        "expires_at": (created or int(time.time())) + 86400,
        "livemode": False,
        "locale": "auto",
        "metadata": metadata(member),
        "mode": mode,
        "payment_intent": new_id("pi") if mode == "payment" else None,
        "payment_method_types": ["card"],
        "payment_status": "paid",
        "status": "complete",
        "subscription": subscription,
        "success_url": "https://news.example.org/membership/card/paid/?session_id={CHECKOUT_SESSION_ID}",
        "url": None,
    }


def invoice(
    member,
    *,
    subscription,
    customer,
    amount=30000,
    currency="mkd",
    paid_at=None,
    paid=True,
    billing_reason="subscription_cycle",
    with_metadata=True,
):
    paid_at = paid_at or int(time.time())
    return {
        "id": new_id("in"),
        "object": "invoice",
        "amount_due": amount,
        "amount_paid": amount if paid else 0,
        "amount_remaining": 0 if paid else amount,
        "attempt_count": 1,
        "attempted": True,
        "billing_reason": billing_reason,
        "collection_method": "charge_automatically",
        "created": paid_at,
        "currency": currency,
        "customer": customer,
        "customer_email": member.email,
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": new_id("il"),
                    "object": "line_item",
                    "amount": amount,
                    "currency": currency,
                    "description": "1 × Newsroom membership (at 300.00 ден / month)",
                    "metadata": {},
                    "parent": {
                        "type": "subscription_item_details",
                        "subscription_item_details": {
                            "subscription": subscription,
                            "subscription_item": new_id("si"),
                        },
                    },
                    "period": {"start": paid_at, "end": paid_at + 30 * 86400},
                    "quantity": 1,
                }
            ],
            "has_more": False,
            "url": "/v1/invoices/in_x/lines",
        },
        "livemode": False,
        "next_payment_attempt": None if paid else paid_at + 3 * 86400,
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "metadata": metadata(member) if with_metadata else {},
                "subscription": subscription,
            },
        },
        "status": "paid" if paid else "open",
        "status_transitions": {
            "finalized_at": paid_at,
            "paid_at": paid_at if paid else None,
            "voided_at": None,
        },
    }


def subscription(member, *, subscription_id, customer, reason="cancellation_requested"):
    now = int(time.time())
    return {
        "id": subscription_id,
        "object": "subscription",
        "cancel_at_period_end": False,
        "canceled_at": now,
        "cancellation_details": {"comment": None, "feedback": None, "reason": reason},
        "currency": "mkd",
        "customer": customer,
        "ended_at": now,
        "metadata": metadata(member),
        "status": "canceled",
    }


def deliver(client, body: dict, *, secret=WEBHOOK_SECRET, path="/membership/card/stripe/webhook/"):
    """POST an event as Stripe does: a JSON body and its Stripe-Signature header."""
    payload = json.dumps(body).encode()
    return client.post(
        path, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(payload, secret)
    )
