"""/docs in a real browser: headless Chromium, with every host but the service unreachable.

The default project runs with `db upgrade && run` (development, SQLite). Chromium resolves no
other host name and reaches everything else through a proxy that does not exist, so Swagger UI
works only if the service serves all of it. The page must list the operations, and "Try it out"
then "Execute" on GET /health/ready must show a 200. The screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from .support import TEMPLATE_ROOT, render
from .test_fuzz import free_port, wait_until_answering
from .test_generated_projects import DEFAULT_PYTHON, install, run_in

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = TEMPLATE_ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs headless Chromium and chromedriver (Debian: chromium, chromium-driver)",
)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[str]:
    """The default project served by `manage.py run` on a free port; yields its base URL."""
    project = render(tmp_path, python_version=DEFAULT_PYTHON)
    bin_dir = install(project, DEFAULT_PYTHON)
    settings = {"APP_ENV": "development", "DATABASE_URL": "", "LOG_LEVEL": "WARNING"}
    upgrade = run_in(project, bin_dir, "python", "manage.py", "db", "upgrade", **settings)
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    env = {**os.environ, **settings}
    env.pop("VIRTUAL_ENV", None)
    server = subprocess.Popen(
        [str(bin_dir / "python"), "manage.py", "run", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{base}/health/ready", server, timeout=60)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def offline_chromium() -> WebDriver:
    """Headless Chromium that can reach 127.0.0.1 and nothing else."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # the tests may run as root
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        # No other host name resolves, and anything else goes to a proxy where nothing listens.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(argument)
    # The browser's network log: every request the page made, answered or not.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def requested_urls(driver: WebDriver) -> list[str]:
    events = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    return [
        event["params"]["request"]["url"]
        for event in events
        if event["method"] == "Network.requestWillBeSent"
    ]


def test_docs_page_works_in_a_browser_that_reaches_no_other_host(service: str) -> None:
    started = time.monotonic()
    driver = offline_chromium()
    try:
        driver.get(f"{service}/docs")
        wait = WebDriverWait(driver, 30)
        try:
            wait.until(lambda page: page.find_elements(By.CSS_SELECTOR, ".opblock"))
        except TimeoutException:
            pytest.fail(f"no operation listed; the page requested {requested_urls(driver)}")
        paths = {
            element.get_attribute("data-path")
            for element in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
        }
        assert {"/health/live", "/health/ready", "/houses", "/v1/service-context"} <= paths
        ready = driver.find_element(
            By.XPATH, "//div[contains(@class, 'opblock-get')][.//*[@data-path='/health/ready']]"
        )
        ready.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
        wait.until(lambda _: ready.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
        ready.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
        wait.until(lambda _: ready.find_elements(By.CSS_SELECTOR, "button.execute"))
        ready.find_element(By.CSS_SELECTOR, "button.execute").click()
        status = wait.until(
            lambda _: ready.find_elements(
                By.CSS_SELECTOR, ".live-responses-table .response .response-col_status"
            )
        )
        assert status[0].text.strip() == "200"
        others = [
            url
            for url in requested_urls(driver)
            if urlsplit(url).scheme in ("http", "https")
            and urlsplit(url).netloc != urlsplit(service).netloc
        ]
        assert not others, f"the page asked other hosts for {others}"
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "docs-page.png"))
        driver.quit()
    print(f"browser check: {time.monotonic() - started:.1f} s")
