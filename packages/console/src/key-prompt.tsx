/** The API key prompt: shown when the proxy answers 401; the key stays in this tab's sessionStorage. */
import { useState } from "react";

export function KeyPrompt({ onKey, wrong }: { onKey(key: string): void; wrong: boolean }) {
  const [key, setKey] = useState("");
  return (
    <article className="key-prompt">
      <h2>API key</h2>
      <p>
        This proxy requires its API key (<code>CONNECTOR_PROXY_API_KEY</code>). It is kept in this browser tab only, and
        sent as the <code>Spiff-Connector-Proxy-Api-Key</code> header.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key !== "") onKey(key);
        }}
      >
        <label>
          API key
          <input
            type="password"
            name="api-key"
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the prompt is the only thing on the page
            autoFocus
            value={key}
            aria-invalid={wrong ? "true" : undefined}
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        {wrong ? <p role="alert">The proxy refused this key.</p> : null}
        <button type="submit">Open the console</button>
      </form>
    </article>
  );
}
