/**
 * Stands in for the person at the browser in sign-in flows: opens the IdP's sign-in page, submits the
 * form with the given credentials, and follows the redirect to the loopback callback.
 */
export async function signInAtBrowser(url: string, username: string, password: string): Promise<void> {
  const html = await (await fetch(url)).text();
  const action = new URL(/<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? url, url);
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
      m[1],
      m[2].replace(/&amp;/g, "&"),
    ]),
  );
  const post = await fetch(action, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ ...hidden, username, password }),
  });
  const location = post.headers.get("location");
  if (!location) throw new Error(`sign-in form was not accepted (${post.status})`);
  await fetch(location);
}
