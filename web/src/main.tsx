import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ready } from "./i18n";
import { App } from "./app/App";
import "./app/styles.css";

void ready.then(() => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
