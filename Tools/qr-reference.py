#!/usr/bin/env python3
"""Writes Tests/CitasDomainTests/Samples/qr-reference.txt: QR symbols made by python-qrcode (an independent encoder,
from PyPI) for texts, correction levels and masks chosen to cover both modes, versions 1–40, every level and mask,
and the text Citas prints on a comprobante. Each symbol is first read back by zxing-cpp (an independent decoder).
QRCodeTests compares Citas' encoder with them module by module.

(segno was tried first: it splits texts into several segments and picks its own byte encoding, so its symbols are
valid but not the single-segment ones Citas makes.)

    python3 -m pip install qrcode zxing-cpp numpy && python3 Tools/qr-reference.py
"""
import pathlib

import numpy
import qrcode
import zxingcpp
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

LEVELS = {"l": qrcode.constants.ERROR_CORRECT_L, "m": qrcode.constants.ERROR_CORRECT_M,
          "q": qrcode.constants.ERROR_CORRECT_Q, "h": qrcode.constants.ERROR_CORRECT_H}
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

CASES = [
    ("HELLO WORLD", "q", 6),
    ("CITAS1:ABCDEFGH23:GOMC850101HDFRRR09:MEX-CDMX:202612031030:" + "A" * 103, "m", 2),
    ("01234 ABC $%*+-./:", "l", 0),
    ("Cita de pasaporte · Oficina de Mérida", "m", 5),
    ("https://citas.example.mx/es/appointment", "h", 3),
]
# Every version and level, each mask at least once, in byte and alphanumeric mode.
def fits(text, level, version):
    try:
        make(text, level, 0, version)
        return True
    except qrcode.exceptions.DataOverflowError:
        return False


def longest(unit, level, version):
    """The longest repetition of `unit` that fits in `version` (binary search)."""
    low, high = 0, 8000
    while low < high:
        middle = (low + high + 1) // 2
        if fits((unit * 8000)[:middle], level, version):
            low = middle
        else:
            high = middle - 1
    return low


def make(text, level, mask, version=None):
    """One segment (alphanumeric when it can be, else UTF-8 bytes) in the smallest version, no level boost."""
    code = qrcode.QRCode(version=version, error_correction=LEVELS[level], mask_pattern=mask, border=0)
    mode = MODE_ALPHA_NUM if all(c in ALPHANUMERIC for c in text) else MODE_8BIT_BYTE
    code.add_data(QRData(text.encode("utf-8"), mode=mode))
    code.make(fit=version is None)
    return code


def read_back(matrix):
    pixels = numpy.array([[0 if dark else 255 for dark in row] for row in matrix], dtype=numpy.uint8)
    pixels = numpy.kron(numpy.pad(pixels, 4, constant_values=255), numpy.ones((3, 3), dtype=numpy.uint8))
    return [result.text for result in zxingcpp.read_barcodes(pixels)]


for version in range(1, 41):
    level = "lmqh"[version % 4]
    unit = "CITAS 2026:" if version % 2 == 0 else "Oficina ñ "
    below = longest(unit, level, version - 1) if version > 1 else 0
    # Between the previous version's capacity and this one's: the smallest version that holds it is `version`.
    length = (below + 1 + longest(unit, level, version)) // 2
    CASES.append(((unit * 8000)[:length], level, version % 8))

out = []
for text, level, mask in CASES:
    # The smallest version that holds the text, as Citas picks it; no level boost.
    qr = make(text, level, mask)
    assert read_back(qr.get_matrix()) == [text], f"zxing-cpp does not read version {qr.version}"
    out.append(f"text {text.encode('utf-8').hex()}")
    out.append(f"level {level} mask {mask} version {qr.version}")
    for row in qr.get_matrix():
        # Each row as hexadecimal, four modules a digit, dark = 1, padded with light modules on the right.
        bits = "".join("1" if m else "0" for m in row)
        bits += "0" * (-len(bits) % 4)
        out.append("".join(f"{int(bits[i:i + 4], 2):x}" for i in range(0, len(bits), 4)))
    out.append("")
target = pathlib.Path(__file__).resolve().parent.parent / "Tests/CitasDomainTests/Samples/qr-reference.txt"
target.parent.mkdir(exist_ok=True)
target.write_text("\n".join(out))
print(f"{len(CASES)} symbols, versions {sorted({make(t, l, m).version for t, l, m in CASES})}, each read back by zxing-cpp")
