import { html } from "htm/preact";
import type { ApiClient } from "./apiClient.ts";
import { InstancePage } from "./instancePage.ts";
import { InstancesPage } from "./instancesPage.ts";
import { RecoveryPage } from "./recoveryPage.ts";
import { useRoute } from "./route.ts";
import { type Session, signOut } from "./session.ts";

export function App(props: { api: ApiClient; session: Session }) {
  const route = useRoute();
  const { api, session } = props;
  const current = (page: string) => (route.page === page ? "page" : undefined);
  return html`
    <a class="skip" href="#main" onClick=${skipToMain}>Skip to content</a>
    <header class="top">
      <strong class="brand">BBWS console</strong>
      <nav aria-label="Pages">
        <a href="#/instances" aria-current=${current("instances")}>Instances</a>
        <a href="#/recovery" aria-current=${current("recovery")}>Recovery</a>
      </nav>
      <span class="who">
        ${session.username} · <span class="role">${session.canOperate ? "operator" : "viewer (read only)"}</span>
        <button type="button" class="link" onClick=${() => {
          signOut();
          location.reload();
        }}>Sign out</button>
      </span>
    </header>
    <main id="main" tabindex="-1">
      ${
        route.page === "instance" && route.instanceId
          ? html`<${InstancePage} api=${api} session=${session} instanceId=${route.instanceId} />`
          : route.page === "recovery"
            ? html`<${RecoveryPage} api=${api} session=${session} />`
            : html`<${InstancesPage} api=${api} session=${session} query=${route.query} />`
      }
    </main>
  `;
}

/** The fragment routes pages, so the skip link focuses instead of navigating. */
function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById("main")?.focus();
}
