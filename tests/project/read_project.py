#!/usr/bin/python3
"""An independent reader of crmwb project files, written from README "## Project files" alone,
with Debian's python3-cryptography (AES-GCM, PBKDF2-HMAC-SHA256).

usage: read_project.py FILE.crmwb [--passphrase-file P] [--manifest OUT.json] [--original OUT]
Prints the header as JSON; writes the manifest and the original file's bytes when asked.
Exit 1 with a message on a wrong passphrase, a changed or cut file, or a newer version."""
import argparse
import json
import struct
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

HEADER = struct.Struct("<8sHHBBBBI16s12sQ")  # 56 bytes, little-endian


def fail(msg):
    print("read_project: " + msg, file=sys.stderr)
    sys.exit(1)


def decrypt_segments(aes, head, nonce, size, body):
    """Version 2 (STREAM): segments of size + 16 bytes, the last one shorter (at least one
    plaintext byte unless it is the only one); segment i has nonce = header nonce XOR
    (byte 0: 1 if last; bytes 4..11: i big-endian) and associated data = header || u64 LE i."""
    csize = size + 16
    count = max(1, -(-len(body) // csize))
    last_len = len(body) - (count - 1) * csize
    if last_len < 16 or (count > 1 and last_len == 16):
        fail("payload length does not fit its segments")
    out = []
    for i in range(count):
        last = i == count - 1
        block = bytes([1 if last else 0, 0, 0, 0]) + struct.pack(">Q", i)
        seg_nonce = bytes(a ^ b for a, b in zip(nonce, block))
        try:
            out.append(aes.decrypt(seg_nonce, body[i * csize:(i + 1) * csize],
                                   head + struct.pack("<Q", i)))
        except InvalidTag:
            fail("wrong passphrase or changed file (segment %d of %d)" % (i + 1, count))
    return b"".join(out)


def read(data, passphrase):
    if len(data) < HEADER.size:
        fail("cut short inside the header")
    magic, version, flags, kdf, cipher, shift, reserved, iterations, salt, nonce, length = \
        HEADER.unpack_from(data)
    if magic != b"CRMWBPRJ":
        fail("not a crmwb project")
    encrypted = bool(flags & 1)
    segmented = encrypted and version == 2
    if version not in (1, 2) or flags & ~1 or reserved or \
            (not (6 <= shift <= 26) if segmented else shift != 0):
        fail("newer format version %d (flags %d, segment shift %d)" % (version, flags, shift))
    if len(data) - HEADER.size != length:
        fail("payload length %d, file holds %d" % (length, len(data) - HEADER.size))
    header = {"version": version, "encrypted": bool(flags & 1), "kdf": kdf, "cipher": cipher,
              "iterations": iterations, "salt": salt.hex(), "nonce": nonce.hex(),
              "payload_bytes": length}
    body = data[HEADER.size:]
    if flags & 1:
        if kdf != 1 or cipher != 1:
            fail("unknown kdf/cipher")
        if passphrase is None:
            fail("encrypted: a passphrase is needed")
        key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt,
                         iterations=iterations).derive(passphrase)
        aes = AESGCM(key)
        if not segmented:  # version 1: one message, the header as associated data
            try:
                body = aes.decrypt(nonce, body, data[:HEADER.size])
            except InvalidTag:
                fail("wrong passphrase or changed file")
        else:
            body = decrypt_segments(aes, data[:HEADER.size], nonce, 1 << shift, body)
        header["segment_bytes"] = 1 << shift if segmented else None
    (mlen,) = struct.unpack_from("<I", body, 0)
    manifest = json.loads(body[4:4 + mlen].decode("utf-8"))
    (flen,) = struct.unpack_from("<Q", body, 4 + mlen)
    original = body[4 + mlen + 8:]
    if len(original) != flen:
        fail("file part length %d, holds %d" % (flen, len(original)))
    return header, manifest, original


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--passphrase-file")
    ap.add_argument("--manifest")
    ap.add_argument("--original")
    a = ap.parse_args()
    passphrase = None
    if a.passphrase_file:
        passphrase = open(a.passphrase_file, "rb").read()
        if passphrase.endswith(b"\n"):
            passphrase = passphrase[:-1]
        if passphrase.endswith(b"\r"):
            passphrase = passphrase[:-1]
    header, manifest, original = read(open(a.file, "rb").read(), passphrase)
    if a.manifest:
        with open(a.manifest, "w", encoding="utf-8") as f:
            json.dump(manifest, f, sort_keys=True)
    if a.original:
        with open(a.original, "wb") as f:
            f.write(original)
    print(json.dumps(header, sort_keys=True))


if __name__ == "__main__":
    main()
