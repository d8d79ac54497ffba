(() => {
  "use strict";
  // Unlocks a page of an encrypted roadmapgen edition (docs/sharing.md):
  // PBKDF2 → HKDF → AES-256-GCM with WebCrypto. The page key, never the
  // passphrase, is kept in sessionStorage so the tab's next page opens at once.
  const form = document.getElementById("unlock_form");
  const input = document.getElementById("unlock_passphrase");
  const button = form.querySelector("button");
  const message = document.getElementById("unlock_message");
  const sealed = document.getElementById("unlock_sealed");
  const subtle = window.isSecureContext && window.crypto && window.crypto.subtle;
  const encoder = new TextEncoder();
  const slot = "roadmapgen-key:" + sealed.dataset.salt;
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const say = (text) => { message.textContent = text; };

  async function pageKey(passphrase) {
    const secret = await subtle.importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2",
                                          false, ["deriveBits"]);
    const master = await subtle.deriveBits({name: "PBKDF2", hash: "SHA-256", salt: fromBase64(sealed.dataset.salt),
                                            iterations: Number(sealed.dataset.iterations)}, secret, 256);
    const expand = await subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]);
    return new Uint8Array(await subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0),
                                                   info: encoder.encode("roadmapgen/1 page key")}, expand, 256));
  }

  async function decrypt(raw) {
    const key = await subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
    const blob = fromBase64(sealed.textContent.trim());
    const page = await subtle.decrypt({name: "AES-GCM", iv: blob.subarray(0, 12)}, key, blob.subarray(12));
    return new TextDecoder().decode(page);
  }

  function show(page) {
    if (document.readyState !== "complete") {
      // Opening the document while it is parsed would do nothing, and while
      // the lock screen's stylesheet loads would cut that request short.
      window.addEventListener("load", () => show(page));
      return;
    }
    document.open();
    document.write(page);
    document.close();
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }

  function storage(action) {
    try { return action(window.sessionStorage); } catch (error) { return null; }  // storage may be off
  }

  if (!subtle) {
    say(form.dataset.unsupported);
    input.disabled = button.disabled = true;
    return;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    input.removeAttribute("aria-invalid");
    say(form.dataset.unlocking);
    try {
      const raw = await pageKey(input.value);
      const page = await decrypt(raw);
      storage((store) => store.setItem(slot, toBase64(raw)));
      show(page);
    } catch (error) {
      button.disabled = false;
      input.setAttribute("aria-invalid", "true");
      say(form.dataset.wrong);
      input.focus();
      input.select();
    }
  });

  const kept = storage((store) => store.getItem(slot));
  if (kept) {
    document.documentElement.classList.add("unlocking");
    decrypt(fromBase64(kept)).then(show, () => {
      storage((store) => store.removeItem(slot));  // a new passphrase since: ask for it
      document.documentElement.classList.remove("unlocking");
    });
  }
})();
