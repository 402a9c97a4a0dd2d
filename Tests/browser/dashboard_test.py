#!/usr/bin/env python3
"""Real-browser test of the web UI: Debian's chromium driven headless by Playwright.

Seeds a demo database into a temporary directory, serves it on a free loopback port,
checks that the dashboard map shows the sites, that clicking a site opens its details,
that the sites table sorts, and saves a screenshot for the README.

Usage: dashboard_test.py [path/to/corridorwatch] [screenshot.png]
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from playwright.sync_api import sync_playwright

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/corridorwatch"
SHOT = sys.argv[2] if len(sys.argv) > 2 else "docs/screenshot-dashboard.png"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
USER, PASSWORD = "browser-test", "Gwadar tides at dawn 7"
checks = 0


def check(condition, message):
    global checks
    if not condition:
        raise AssertionError(message)
    checks += 1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def main():
    tmp = tempfile.mkdtemp(prefix="cw-browser-")
    db = f"sqlite:{tmp}/demo.sqlite"
    subprocess.run([BIN, "demo", "--no-serve", "--database", db, "--log-level", "warning"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "users", "create", "--database", db, "--agency", "balochistan-police", "--role", "analyst",
                    "--username", USER], input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([BIN, "serve", "--database", db, "--port", str(port), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):  # up to 10 s for the server to come up
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not become ready")

        # Public (TLP:CLEAR) incidents need no sign-in; sites do.
        incidents = get_json(base + "/api/v1/events?domain=terrorism_insurgency&province=Balochistan&source=public-report")
        check(incidents["count"] == 6, f"expected the 6 Balochistan public incidents, got {incidents['count']}")
        try:
            urllib.request.urlopen(base + "/api/v1/sites", timeout=5)
            check(False, "sites must need sign-in")
        except urllib.error.HTTPError as e:
            check(e.code == 401, f"anonymous /api/v1/sites gave {e.code}, wanted 401")

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1050})
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/")
            check(page.locator("#login-form").is_visible(), "the dashboard asks an anonymous visitor to sign in")
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", "wrong password 123")
            page.click("#login-form button")
            check("Wrong username or password" in page.locator("#login-message").text_content(), "wrong password is refused")
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("#login-form button")
            page.wait_for_selector("#map")
            check(USER in page.locator("#current-user").text_content(), "header shows the signed-in user")
            sites = page.request.get(base + "/api/v1/sites").json()
            check(sites["count"] >= 40, f"expected >= 40 sites from the API, got {sites['count']}")
            check(page.locator("#map").is_visible(), "map is not visible")
            markers = page.locator("#map .site-marker")
            check(markers.count() == sites["count"], f"map shows {markers.count()} sites, API has {sites['count']}")
            check(page.locator("#map .province").count() == 8, "expected 8 province shapes")
            check(page.locator("#map .event-marker").count() > 100, "expected events plotted on the map")
            box = page.locator("#map").bounding_box()
            inside = 0
            for i in range(markers.count()):
                b = markers.nth(i).bounding_box()
                if b and box["x"] <= b["x"] <= box["x"] + box["width"] and box["y"] <= b["y"] <= box["y"] + box["height"]:
                    inside += 1
            check(inside == markers.count(), f"only {inside} of {markers.count()} site markers are drawn inside the map")
            check("de-facto boundaries" in page.content(), "boundary note missing")
            # The demo's synthetic AIS traffic near Gwadar (34 vessels, 22 still inside the approaches at the end).
            vessels = page.request.get(base + "/api/v1/vessels?bbox=61.6,24.6,63.4,25.45").json()
            near = page.locator("#gwadar-map .vessel-marker")
            check(near.count() == len(vessels["items"]) and near.count() >= 15,
                  f"Gwadar map shows {near.count()} vessels, API has {len(vessels['items'])}")
            check(page.locator("#gwadar-map").is_visible(), "Gwadar approaches map is not visible")
            gbox = page.locator("#gwadar-map").bounding_box()
            drawn = [near.nth(i).bounding_box() for i in range(near.count())]
            check(all(b and gbox["x"] <= b["x"] <= gbox["x"] + gbox["width"] and gbox["y"] <= b["y"] <= gbox["y"] + gbox["height"] for b in drawn),
                  "every Gwadar vessel marker is drawn inside its map")
            check("SYN " in (near.first.locator("title").text_content() or ""), "vessel tooltip names the (synthetic) vessel")
            os.makedirs(os.path.dirname(SHOT) or ".", exist_ok=True)
            page.screenshot(path=SHOT)

            sahiwal = page.locator('#map .site-marker[data-site-id="cpec-16"]')
            check("Sahiwal" in (sahiwal.locator("title").text_content() or ""), "tooltip of the Sahiwal site")
            sahiwal.click()
            page.wait_for_url("**/sites/cpec-16")
            check("Sahiwal" in page.locator("#site-name").text_content(), "site details page after click")

            page.goto(base + "/sites")
            page.locator("#sites-table th", has_text="Criticality").click()
            values = [int(t) for t in page.locator("#sites-table tbody tr td:nth-child(4)").all_text_contents()]
            check(values == sorted(values), "criticality column did not sort ascending")
            page.locator("#sites-table th", has_text="Criticality").click()
            values = [int(t) for t in page.locator("#sites-table tbody tr td:nth-child(4)").all_text_contents()]
            check(values == sorted(values, reverse=True), "criticality column did not sort descending")
            check(not errors, f"JavaScript errors: {errors}")

            # The live alert feed: an event reported now appears without reloading the page.
            page.goto(base + "/alerts")
            page.wait_for_function("document.getElementById('live-status').textContent === 'live'", timeout=10000)
            status = page.evaluate("""async () => {
                const session = await (await fetch('/api/v1/session')).json();
                const r = await fetch('/api/v1/events', {method: 'POST', headers: {'content-type': 'application/json', 'x-csrf-token': session.csrf_token},
                  body: JSON.stringify({occurred_at: new Date().toISOString(), location: {lat: 25.13, lon: 62.33}, domain: 'terrorism_insurgency',
                    type: 'armed_assault', severity: 4, tlp: 'GREEN', title: 'Browser live alert test', source: 'browser-test', source_ref: 'live-1'})});
                return r.status; }""")
            check(status == 201, f"reporting an event from the page gave {status}")
            page.wait_for_selector("#alerts-table tr.new:has-text('Opened: Browser live alert test')", timeout=10000)
            check(page.locator("#alerts-table tr.new:has-text('km from')").count() == 1, "the severe-event-near-a-site alert arrived live")
            page.click("header form.logout button")
            page.wait_for_url("**/login")
            page.goto(base + "/sites")
            check(page.locator("#login-form").is_visible(), "signed out: pages ask to sign in again")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"browser test: {checks} checks passed; screenshot {SHOT}")


if __name__ == "__main__":
    main()
