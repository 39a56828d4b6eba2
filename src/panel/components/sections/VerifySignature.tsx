import { useState } from "preact/hooks";
import { visibleText } from "../../../core/text/visible.ts";
import type { Verdict } from "../../../core/tokens/verify/types.ts";
import type { TokenCheck } from "../../worker/protocol.ts";

/** The verdict in a few words, and the badge it wears. */
const VERDICTS: Readonly<Record<Verdict, { readonly words: string; readonly badge: string }>> = {
  valid: { words: "Signature verifies", badge: "badge-ok" },
  invalid: { words: "Signature does not verify", badge: "badge-auth" },
  "key-unknown": { words: "No key for this token", badge: "badge-auth" },
  unsupported: { words: "Cannot be checked here", badge: "badge-plain" },
  error: { words: "Not checked", badge: "badge-plain" },
};

interface Props {
  /** Checks the token with pasted keys, or with the issuer's key set the capture holds when `keyText` is empty. */
  onVerify(keyText: string): Promise<TokenCheck | undefined>;
}

/**
 * "Verify signature…" under a JWS: paste the issuer's JWKS, a PEM public key or certificate, or
 * the HMAC secret, or leave it empty to use the key set the page fetched. The check runs in
 * the panel's worker with WebCrypto; the pasted text lives in this box only, and is gone with it.
 */
export function VerifySignature({ onVerify }: Props) {
  const [keyText, setKeyText] = useState("");
  const [check, setCheck] = useState<TokenCheck | undefined>();
  const [busy, setBusy] = useState(false);
  const verify = () => {
    setBusy(true);
    void onVerify(keyText).then((c) => {
      setCheck(c);
      setBusy(false);
    });
  };
  const verdict = check ? VERDICTS[check.result.verdict] : undefined;
  return (
    <details class="verify-signature">
      <summary>Verify signature…</summary>
      <p class="muted">Checked in this browser with WebCrypto: nothing is sent anywhere, and what you paste is not kept.</p>
      <label class="verify-keys">
        <span>Key: the issuer's JWKS, a PEM public key or certificate, or the HMAC secret. Leave empty to use the JWKS this capture fetched.</span>
        <textarea
          rows={4}
          spellcheck={false}
          autocomplete="off"
          value={keyText}
          onInput={(e) => setKeyText(e.currentTarget.value)}
          placeholder='{"keys": [ … ]}  or  -----BEGIN PUBLIC KEY----- …'
        />
      </label>
      <button type="button" class="tool-button" disabled={busy} onClick={verify}>
        {busy ? "Verifying…" : "Verify"}
      </button>
      {check && verdict && (
        <div class="verify-result" role="status" data-verdict={check.result.verdict}>
          <p>
            <span class={`badge ${verdict.badge}`}>{verdict.words}</span> {visibleText(check.result.reason)}
          </p>
          {check.keysFrom !== "" && <p class="muted">Keys: {visibleText(check.keysFrom)}</p>}
          {check.result.notes.length > 0 && (
            <ul class="problems">
              {check.result.notes.map((n) => (
                <li key={n}>{visibleText(n)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </details>
  );
}
