import { html } from "htm/preact";
import { render } from "preact";
import { createApiClient, describeProblem } from "./apiClient.ts";
import { App } from "./app.ts";
import { type ConsoleConfig, signIn, signOut } from "./session.ts";

async function start(root: HTMLElement): Promise<void> {
  const config = (await (await fetch("config.json")).json()) as ConsoleConfig;
  const session = await signIn(config);
  root.textContent = "";
  if (!session) {
    render(
      html`<main class="signed-out">
        <h1>BBWS operator console</h1>
        <p>Not signed in. Open the console link that <code>npm start</code> printed (it signs you in).</p>
      </main>`,
      root,
    );
    return;
  }
  render(
    html`<${App} api=${createApiClient(config.apiUrl, session.token, () => {
      signOut();
      location.reload();
    })} session=${session} />`,
    root,
  );
}

const root = document.getElementById("app");
if (root)
  start(root).catch((error: unknown) => {
    render(
      html`<p role="alert" class="error">The console could not start: ${describeProblem(error)}</p>`,
      root,
    );
  });
