#!/usr/bin/python3
"""Phone-number oracle: cases with the answers of libphonenumber's Python port (Debian's
python3-phonenumbers), written as JSON lines {"text", "region", "e164", "valid", "kind"}.

The numbers are libphonenumber's example numbers of each region and type, varied
deterministically: other subscriber digits, every usual notation (national, international,
E.164, 00 / the region's international prefix, dotted, spaced, dashed, parenthesised, tel:
URIs), extensions, junk around them and wrong lengths. Each case is parsed with the number's
own region, with another region or with none.

usage: oracle.py [--count N] [--seed S] > cases.jsonl
"""
import argparse
import json
import random
import sys

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as F, PhoneNumberType as T

REGIONS = ["US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "CH", "AT", "SE", "NO", "DK",
           "FI", "PL", "PT", "IE", "AU", "NZ", "JP", "KR", "CN", "IN", "SG", "HK", "BR", "MX",
           "AR", "ZA", "RU", "TR", "IL", "AE", "EG", "NG", "CZ", "GR", "HU", "RO", "UA", "ID",
           "PH", "TH", "VN", "MY", "CO", "CL", "PE", "KZ"]
TYPES = [T.FIXED_LINE, T.MOBILE, T.TOLL_FREE, T.PREMIUM_RATE, T.SHARED_COST, T.VOIP,
         T.PERSONAL_NUMBER, T.UAN]


def answer(text, region):
    try:
        n = pn.parse(text, region or None)
    except pn.NumberParseException:
        return "", False
    return pn.format_number(n, F.E164), bool(pn.is_valid_number(n))


def vary_digits(rng, nsn):
    """The example's national number with some of its last digits replaced."""
    k = rng.randint(1, min(4, max(1, len(nsn) - 2)))
    return nsn[:-k] + "".join(rng.choice("0123456789") for _ in range(k))


def notations(rng, num, region):
    """(text, kind) pairs of one number in various notations."""
    e164 = pn.format_number(num, F.E164)
    intl = pn.format_number(num, F.INTERNATIONAL)
    nat = pn.format_number(num, F.NATIONAL)
    digits = "".join(c for c in intl if c.isdigit())
    cc = str(num.country_code)
    rest = digits[len(cc):]
    out = [
        (e164, "e164"),
        (intl, "international"),
        (nat, "national"),
        ("00" + e164[1:], "00"),
        ("00 " + intl[1:], "00_spaced"),
        (intl.replace(" ", "."), "dotted"),
        (intl.replace(" ", "-"), "dashed"),
        (nat.replace(" ", ""), "national_compact"),
        ("+" + cc + " (" + rest[:3] + ") " + rest[3:], "parenthesised"),
        ("tel:" + pn.format_number(num, F.RFC3966)[4:], "tel_uri"),
        ("tel:" + e164, "tel_e164"),
        (nat.replace(" ", "."), "national_dotted"),
    ]
    ext = str(rng.randint(1, 99999))
    out += [
        (intl + " ext. " + ext, "ext_dot"),
        (nat + " x" + ext, "ext_x"),
        (intl + " extension " + ext, "ext_word"),
        (e164 + ";ext=" + ext, "ext_rfc"),
        (nat + " #" + ext, "ext_hash"),
    ]
    out += [
        ("Tel: " + intl, "junk_label"),
        ("  " + nat + "  ", "junk_space"),
        (intl + " (mobile)", "junk_suffix"),
        ("phone " + nat + ".", "junk_both"),
        (e164[:-2], "short"),
        (e164 + str(rng.randint(0, 99)), "long"),
        (nat[:-1], "national_short"),
        ("+" + cc + rest[:-3], "too_short"),
    ]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=24000)
    ap.add_argument("--seed", type=int, default=20261122)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    examples = []
    for region in REGIONS:
        for t in TYPES:
            ex = pn.example_number_for_type(region, t)
            if ex is not None:
                examples.append((region, ex))
    junk = ["", "n/a", "call me", "12", "123", "0000000", "9999-9999-9999-999", "2021-03-05",
            "05/03/2021", "12.345,67", "+", "++44", "tel:", "x123", "1-800-FLOWERS",
            "+1 (800) FLOWERS", "ABC-DEF-GHIJ", "(0)20 7946 0958", "+44 (0)20 7946 0958",
            "020 7946 0958 / 020 7946 0959", "+49-(0)30-1234567", "+7 (495) 123-45-67"]
    cases = []
    while len(cases) < args.count:
        region, ex = rng.choice(examples)
        num = pn.PhoneNumber(country_code=ex.country_code,
                             national_number=int(vary_digits(rng, str(ex.national_number))),
                             italian_leading_zero=ex.italian_leading_zero,
                             number_of_leading_zeros=ex.number_of_leading_zeros)
        for text, kind in notations(rng, num, region):
            r = rng.random()
            default = region if r < 0.6 else ("" if r < 0.8 else rng.choice(REGIONS))
            e164, valid = answer(text, default)
            cases.append({"text": text, "region": default, "e164": e164, "valid": valid,
                          "kind": kind})
    for text in junk:
        for default in ("US", "GB", "DE", ""):
            e164, valid = answer(text, default)
            cases.append({"text": text, "region": default, "e164": e164, "valid": valid,
                          "kind": "junk"})
    for c in cases:
        sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
