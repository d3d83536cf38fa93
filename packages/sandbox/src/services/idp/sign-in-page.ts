// The HTML sign-in form shared by the sandbox IdP (/idp/authorize) and the IdC-style /authorize page.
// Field ids (`username`, `password`, `sign-in`) are a contract with browser-driving tests.

export interface SignInPage {
  title: string;
  /** Form action (same path; POST). */
  action: string;
  /** OAuth request parameters carried through the POST as hidden inputs. */
  hidden: Record<string, string>;
  error?: string;
  username?: string;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function renderSignInPage(p: SignInPage): string {
  const hidden = Object.entries(p.hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("\n      ");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(p.title)}</title></head>
<body>
  <main>
    <h1>${esc(p.title)}</h1>
    ${p.error ? `<p id="error" role="alert">${esc(p.error)}</p>` : ""}
    <form method="post" action="${esc(p.action)}">
      ${hidden}
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" value="${esc(p.username ?? "")}" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button id="sign-in" type="submit">Sign in</button>
    </form>
  </main>
</body>
</html>
`;
}

export function renderErrorPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><main><h1>${esc(title)}</h1><p id="error" role="alert">${esc(message)}</p></main></body>
</html>
`;
}
