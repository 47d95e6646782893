"""The browser layer: ``SkyvernBrowser``, ``SkyvernBrowserPage`` and what a page is made of.

``page`` is a real Playwright ``Page`` plus the SDK's AI surface, ``ai`` the one port
through which a page reaches its AI tiers, ``ailocator`` the lazy ``locator(prompt=)``,
``fallback`` the selector-first rules, ``remote_files`` uploads from URLs, and
``discovery`` finds a Chromium.
"""
