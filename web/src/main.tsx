import { render } from "preact";
import { App } from "./app.tsx";
import { loadSiteConfig } from "./site-config.ts";
import "./styles.css";

const root = document.getElementById("app") as HTMLElement;
loadSiteConfig().then(
  (config) => {
    // Preact renders beside what is there: the "Loading…" placeholder goes first.
    root.textContent = "";
    render(<App config={config} />, root);
  },
  (error: Error) => {
    root.textContent = "";
    const message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = `shoebox could not start: ${error.message}`;
    root.append(message);
  },
);
