// Citas: the only script on the site. It solves the proof-of-work a form carries (SHA-256 of "salt:nonce" with
// enough leading zero bits, the algorithm the API documents) and shows the print button. Pages work without it,
// except the forms that need the proof, which say so in a <noscript>.
(function () {
  "use strict";
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70,
    0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Int32Array(64);

  var BLOCK = new Uint8Array(64);
  var H0 = 0, H1 = 0;

  // SHA-256's compression of BLOCK (one padded 64-byte block) from the initial state; keeps only the first two
  // words of the digest (H0, H1: enough to count up to 64 zero bits). No allocation per attempt: a cheap phone
  // tries a few hundred thousand nonces.
  function compressHead() {
    for (var t = 0; t < 16; t++) W[t] = (BLOCK[4 * t] << 24) | (BLOCK[4 * t + 1] << 16) | (BLOCK[4 * t + 2] << 8) | BLOCK[4 * t + 3];
    for (t = 16; t < 64; t++) {
      var a = W[t - 15], b = W[t - 2];
      var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    var A = 0x6a09e667, B = 0xbb67ae85 | 0, C = 0x3c6ef372, D = 0xa54ff53a | 0, E = 0x510e527f, F = 0x9b05688c | 0, G = 0x1f83d9ab, H = 0x5be0cd19;
    for (t = 0; t < 64; t++) {
      var S1 = ((E >>> 6) | (E << 26)) ^ ((E >>> 11) | (E << 21)) ^ ((E >>> 25) | (E << 7));
      var t1 = (H + S1 + ((E & F) ^ (~E & G)) + K[t] + W[t]) | 0;
      var S0 = ((A >>> 2) | (A << 30)) ^ ((A >>> 13) | (A << 19)) ^ ((A >>> 22) | (A << 10));
      var t2 = (S0 + ((A & B) ^ (A & C) ^ (B & C))) | 0;
      H = G; G = F; F = E; E = (D + t1) | 0; D = C; C = B; B = A; A = (t1 + t2) | 0;
    }
    H0 = (0x6a09e667 + A) >>> 0;
    H1 = (0xbb67ae85 + B) >>> 0;
  }

  // Hashes "salt:nonce" (ASCII, at most 55 bytes: one block) into H0, H1.
  function hashAttempt(salt, nonce) {
    var n = 0, i;
    for (i = 0; i < salt.length; i++) BLOCK[n++] = salt.charCodeAt(i);
    BLOCK[n++] = 58;
    var digits = String(nonce);
    for (i = 0; i < digits.length; i++) BLOCK[n++] = digits.charCodeAt(i);
    var bits = n * 8;
    BLOCK[n++] = 0x80;
    while (n < 62) BLOCK[n++] = 0;
    BLOCK[62] = (bits >>> 8) & 0xff;
    BLOCK[63] = bits & 0xff;
    compressHead();
  }

  function zeroBits() {
    if (H0 !== 0) return Math.clz32(H0);
    return 32 + Math.clz32(H1);
  }

  // Solves the form's challenge in small batches (the page stays responsive); after a second, says how far it is.
  // Calls `then` once solved. The time taken is left on the form (data-pow-ms) for the browser test.
  function solve(form, then) {
    var salt = form.getAttribute("data-pow-salt");
    var difficulty = parseInt(form.getAttribute("data-pow-difficulty"), 10);
    var input = form.querySelector("input[name=pow]");
    var status = form.querySelector("[data-pow-status]");
    var button = form.querySelector("button[type=submit]");
    var prefix = input.value.slice(0, input.value.lastIndexOf(".") + 1);
    var started = Date.now();
    var expected = Math.pow(2, difficulty);
    if (button) button.disabled = true;
    var nonce = 0;
    function batch() {
      var stop = nonce + 20000;
      for (; nonce < stop; nonce++) {
        hashAttempt(salt, nonce);
        if (zeroBits() >= difficulty) {
          input.value = prefix + nonce;
          form.setAttribute("data-pow-ms", String(Date.now() - started));
          if (button) button.disabled = false;
          if (status) status.textContent = status.getAttribute("data-ready");
          if (then) then();
          return;
        }
      }
      if (status && Date.now() - started > 1000) {
        var percent = Math.min(99, Math.floor(100 * nonce / expected));
        status.textContent = status.getAttribute("data-working") + " " + percent + " %";
      }
      setTimeout(batch, 0);
    }
    setTimeout(batch, 0);
  }

  // A challenge lives a few minutes; a person may take longer to fill the form. On submit, an expired (or nearly
  // expired) one is replaced by a fresh one, solved, and the form is sent: nothing typed is lost.
  function renewOnSubmit(form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[name=pow]");
      var expires = parseInt(input.value.split(".")[2], 10) * 1000;
      var refresh = form.getAttribute("data-pow-refresh");
      if (!refresh || !(expires - Date.now() < 20000)) return;
      event.preventDefault();
      var status = form.querySelector("[data-pow-status]");
      if (status) status.textContent = status.getAttribute("data-working");
      fetch(refresh, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.json(); })
        .then(function (fresh) {
          form.setAttribute("data-pow-salt", fresh.salt);
          form.setAttribute("data-pow-difficulty", String(fresh.difficulty));
          input.value = fresh.prefix;
          solve(form, function () { form.submit(); });
        })
        .catch(function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // After a refused form, the list of what to fix takes the focus, so a screen reader reads it first.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
    var forms = document.querySelectorAll("form[data-pow-salt]");
    for (var i = 0; i < forms.length; i++) {
      solve(forms[i]);
      renewOnSubmit(forms[i]);
    }
    var print = document.querySelectorAll("[data-print]");
    for (var j = 0; j < print.length; j++) {
      print[j].hidden = false;
      print[j].addEventListener("click", function () { window.print(); });
    }
  });
})();
