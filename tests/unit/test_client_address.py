"""The client's address: only CloudFront-Viewer-Address, only when it is an IP address
(domain.shared.edge); IPv6 clients are counted by their /64 (domain.shared.edge)."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.edge import counted_address, viewer_ip


@pytest.mark.parametrize(("header", "address"), [
    ("198.51.100.10:46532", "198.51.100.10"),
    ("2001:db8::1:443", "2001:db8::1"),
    ("[2001:db8::1]:443", "2001:db8::1"),
    (" 203.0.113.7:0 ", "203.0.113.7"),
    ("2001:0DB8:0000::0001:8443", "2001:db8::1"),
])
def test_a_viewer_address_header_gives_the_ip_without_its_port(header, address):
    assert viewer_ip(header) == address


@pytest.mark.parametrize("header", [
    None, "", "-", "198.51.100.10", "not-an-ip <b>x</b>", "not-an-ip <b>x</b>:443",
    "198.51.100.10:port", "198.51.100.999:443", "198.51.100.10, 203.0.113.1:443",
    "198.51.100.10:123456", "<script>:1",
])
def test_anything_but_an_ip_and_a_port_gives_no_address(header):
    assert viewer_ip(header) is None


def test_ipv6_addresses_in_one_64_are_counted_as_one_client():
    first = counted_address("2001:db8:1:2::1")
    assert first == "2001:db8:1:2::/64"
    assert counted_address("2001:db8:1:2:ffff:ffff:ffff:fffe") == first
    assert counted_address("2001:db8:1:3::1") != first


def test_ipv4_addresses_are_counted_one_by_one():
    assert counted_address("203.0.113.7") == "203.0.113.7"
    assert counted_address("203.0.113.8") != counted_address("203.0.113.7")
