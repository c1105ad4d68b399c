#!/usr/bin/env python3
"""An independent check of what `citas pki` and `citas passport chip` write, with asn1crypto and cryptography and
none of Citas' code: Passive Authentication (SOD signature, data-group hashes, DS chain, DS issued inside the CSCA key
usage period, CRL), EF.COM against the SOD, DG1 check digits, DG11/DG12 tag lists, DG15 and an Active Authentication
challenge, the CSCA Master List (content type, signature, signer usage) after a rollover, a revoked DS, and the public
BSI/ETSI samples (RSA-PSS). Usage: epassport_check.py path/to/citas"""
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "Tests", "CitasPassportTests", "Samples")
DG_TAGS = {0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x6B: 11, 0x6C: 12, 0x6E: 14, 0x6F: 15}
HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class DataGroupHash(core.Sequence):
    _fields = [("number", core.Integer), ("value", core.OctetString)]


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LDSVersionInfo(core.Sequence):
    _fields = [("lds", core.PrintableString), ("unicode", core.PrintableString)]


class LDSSecurityObject(core.Sequence):
    _fields = [("version", core.Integer), ("algorithm", algos.DigestAlgorithm), ("hashes", DataGroupHashes),
               ("versions", LDSVersionInfo, {"optional": True})]


class CertificateSet(core.SetOf):
    _child_spec = asn1_x509.Certificate


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("certificates", CertificateSet)]


def tlv(data):
    """One BER-TLV object (ISO/IEC 7816-4): (tag, value, rest)."""
    tag, i = data[0], 1
    if tag & 0x1F == 0x1F:
        tag, i = tag << 8 | data[1], 2
    length = data[i]
    i += 1
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[i:i + count], "big")
        i += count
    return tag, data[i:i + length], data[i + length:]


def children(value):
    out = []
    while value:
        tag, inner, value = tlv(value)
        out.append((tag, inner))
    return out


def check_digit(text):
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


def verify_signer_info(signed_data, content_type):
    """The SignerInfo's signature over its signed attributes, and the attributes' content type and digest."""
    info = signed_data["signer_infos"][0]
    sid = info["sid"].chosen
    certificate = next(c.chosen for c in signed_data["certificates"]
                       if c.chosen.serial_number == sid["serial_number"].native and c.chosen.issuer == sid["issuer"])
    attributes = {a["type"].native: a["values"][0] for a in info["signed_attrs"]}
    assert attributes["content_type"].native == content_type, attributes["content_type"].native
    digest = info["digest_algorithm"]["algorithm"].native
    content = signed_data["encap_content_info"]["content"].contents
    assert attributes["message_digest"].native == hashlib.new(digest, content).digest(), "message digest"
    signed = b"\x31" + info["signed_attrs"].dump()[1:]
    key = x509.load_der_x509_certificate(certificate.dump()).public_key()
    algorithm = info["signature_algorithm"]["algorithm"].native
    if algorithm == "rsassa_pss":
        key.verify(info["signature"].native, signed, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
    else:
        key.verify(info["signature"].native, signed, ec.ECDSA(HASHES[digest]()))
    return certificate, content


def passive_authentication(directory, cscas, crls, at):
    """Every check a border verifier makes on one chip directory; returns the DS certificate and the SOD's groups."""
    files = {name: open(os.path.join(directory, name), "rb").read() for name in os.listdir(directory)}
    tag, value, _ = tlv(files["EF.SOD"])
    assert tag == 0x77
    signed_data = cms.ContentInfo.load(value)["content"]
    assert signed_data["version"].native == "v3"
    ds_asn1, content = verify_signer_info(signed_data, "2.23.136.1.1.1")
    lso = LDSSecurityObject.load(content)
    algorithm = lso["algorithm"]["algorithm"].native
    groups = {h["number"].native: h["value"].native for h in lso["hashes"]}
    for number, expected in groups.items():
        assert hashlib.new(algorithm, files[f"DG{number}"]).digest() == expected, f"DG{number} hash"
    _, com, _ = tlv(files["EF.COM"])
    listed = {DG_TAGS[t] for t in dict(children(com))[0x5C]}
    assert listed == set(groups), (listed, set(groups))
    assert [v.decode() for t, v in children(com) if t in (0x5F01, 0x5F36)] == [lso["versions"]["lds"].native, lso["versions"]["unicode"].native]
    mrz = dict(children(tlv(files["DG1"])[1]))[0x5F1F].decode()
    line2 = mrz[44:]
    for start, end in ((0, 9), (13, 19), (21, 27), (28, 42)):
        assert check_digit(line2[start:end]) == line2[end], f"check digit {start}"
    assert check_digit(line2[0:10] + line2[13:20] + line2[21:43]) == line2[43], "composite"
    assert open(os.path.join(directory, "mrz.txt")).read().replace("\n", "") == mrz
    ds = x509.load_der_x509_certificate(ds_asn1.dump())
    csca = next(c for c in cscas if c.subject == ds.issuer and issued_by(ds, c))
    assert ds.not_valid_before_utc <= at <= ds.not_valid_after_utc
    start, end = key_usage_period(csca)
    assert start <= ds.not_valid_before_utc <= end, "DS issued outside the CSCA key usage period"
    assert csca.not_valid_before_utc <= ds.not_valid_before_utc and ds.not_valid_after_utc <= csca.not_valid_after_utc
    crl = next(c for c in crls if c.issuer == csca.subject and c.is_signature_valid(csca.public_key()))
    assert crl.next_update_utc - crl.last_update_utc <= datetime.timedelta(days=90)
    crl.extensions.get_extension_for_class(x509.CRLNumber)
    crl.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    revoked = crl.get_revoked_certificate_by_serial_number(ds.serial_number) is not None
    for number, tag_expected, wanted in ((11, 0x6B, {0x5F0E, 0x5F10, 0x5F2B, 0x5F11}), (12, 0x6C, {0x5F19, 0x5F26})):
        tag, value, _ = tlv(files[f"DG{number}"])
        objects = dict(children(value))
        tags = objects.pop(0x5C)
        assert tag == tag_expected and set(objects) == wanted
        assert [int.from_bytes(tags[i:i + 2], "big") for i in range(0, len(tags), 2)] == list(objects)
    return files, revoked


def issued_by(certificate, issuer):
    try:
        certificate.verify_directly_issued_by(issuer)
        return True
    except Exception:
        return False


def key_usage_period(certificate):
    loaded = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    period = next(e["extn_value"].parsed for e in loaded["tbs_certificate"]["extensions"] if e["extn_id"].native == "private_key_usage_period")
    return period["not_before"].native, period["not_after"].native


def active_authentication(files, key_path):
    key = serialization.load_pem_private_key(open(key_path, "rb").read(), None)
    public = serialization.load_der_public_key(tlv(files["DG15"])[1])
    challenge = os.urandom(8)
    r, s = utils.decode_dss_signature(key.sign(challenge, ec.ECDSA(hashes.SHA256())))
    # The chip answers r‖s (ecdsa-plain-SHA256, as DG14 announces); the reader re-encodes it to verify.
    plain = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    public.verify(utils.encode_dss_signature(int.from_bytes(plain[:32], "big"), int.from_bytes(plain[32:], "big")), challenge,
                  ec.ECDSA(hashes.SHA256()))
    assert b"\x06\x06\x67\x81\x08\x01\x01\x05" in files["DG14"], "DG14 announces Active Authentication"


def master_list(path, current_csca):
    signed_data = cms.ContentInfo.load(open(path, "rb").read())["content"]
    signer, content = verify_signer_info(signed_data, "2.23.136.1.1.2")
    listed = CscaMasterList.load(content)
    assert listed["version"].native == 0
    signer_certificate = x509.load_der_x509_certificate(signer.dump())
    usage = signer_certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical and x509.ObjectIdentifier("2.23.136.1.1.3") in usage.value
    assert issued_by(signer_certificate, current_csca)
    return [x509.load_der_x509_certificate(c.dump()) for c in listed["certificates"]]


def public_samples():
    for folder in ("bsi_tr03105_5", "etsi_tr103200"):
        directory = os.path.join(SAMPLES, folder)
        files = {name: open(os.path.join(directory, name), "rb").read() for name in os.listdir(directory)}
        signed_data = cms.ContentInfo.load(tlv(files["EF.SOD"])[1])["content"]
        _, content = verify_signer_info(signed_data, "2.23.136.1.1.1")
        lso = LDSSecurityObject.load(content)
        checked = 0
        for entry in lso["hashes"]:
            name = f"DG{entry['number'].native}"
            if name in files:
                assert hashlib.new(lso["algorithm"]["algorithm"].native, files[name]).digest() == entry["value"].native, name
                checked += 1
        assert checked >= 1


def run(*arguments):
    return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="citas-epassport-")
    try:
        pki = os.path.join(work, "pki")
        run(binary, "pki", "init", "--dir", pki, "--curve", "P-384")
        holder = {"documentCode": "PP", "documentNumber": "G00000041", "surname": "Núñez Peña", "givenNames": "María José",
                  "nationality": "MEX", "birthDate": "1990-05-17", "sex": "F", "expiryDate": "2036-12-03", "optionalData": "MEX/0042",
                  "personalNumber": "NUPM900517MNLXXR09", "placeOfBirth": "Nuevo León",
                  "issuingAuthority": "SECRETARÍA DE RELACIONES EXTERIORES", "issueDate": "2026-12-03"}
        with open(os.path.join(work, "holder.json"), "w") as out:
            json.dump(holder, out, ensure_ascii=False)
        chips = []
        for name in ("before", "after"):
            chip = os.path.join(work, name)
            run(binary, "passport", "chip", "--pki", pki, "--holder", os.path.join(work, "holder.json"), "--out", chip,
                "--aa-key-out", os.path.join(work, f"{name}.aa.pem"))
            assert oct(os.stat(os.path.join(work, f"{name}.aa.pem")).st_mode & 0o777) == "0o600"
            chips.append(chip)
            if name == "before":
                run(binary, "pki", "revoke-ds", "--dir", pki, "--number", "1", "--reason", "key-compromise")
        run(binary, "pki", "rollover", "--dir", pki)
        third = os.path.join(work, "rolled")
        run(binary, "passport", "chip", "--pki", pki, "--holder", os.path.join(work, "holder.json"), "--out", third)
        run(binary, "pki", "master-list", "--dir", pki, "--out", os.path.join(work, "ml.der"))
        current = x509.load_pem_x509_certificate(open(os.path.join(pki, "csca-2.pem"), "rb").read())
        cscas = [c for c in master_list(os.path.join(work, "ml.der"), current) if issued_by(c, c)]
        assert len(cscas) == 2
        crls = [x509.load_der_x509_crl(open(os.path.join(pki, name), "rb").read()) for name in ("csca.crl", "csca-2.crl")]
        now = datetime.datetime.now(datetime.timezone.utc)
        outcomes = []
        for chip, key in ((chips[0], "before"), (chips[1], "after"), (third, None)):
            files, revoked = passive_authentication(chip, cscas, crls, now)
            if key:
                active_authentication(files, os.path.join(work, f"{key}.aa.pem"))
            outcomes.append(revoked)
        assert outcomes == [True, False, False], outcomes
        assert "MEX<0042<<<<<<" in open(os.path.join(chips[1], "mrz.txt")).read()
        public_samples()
        print("epassport: independent check passed (P-384 PKI; SOD, hashes, chain, key usage periods, CRL with a revoked DS, "
              "EF.COM, DG1, DG11, DG12, DG14, DG15 with Active Authentication, rollover Master List; BSI and ETSI samples)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
