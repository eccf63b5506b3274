/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The API's paths, proxied by `npm run dev` to a running `make run` (same origin as in production).
const API = process.env.KONTAKT_API ?? "http://127.0.0.1:8000";
const apiPaths = ["/customers", "/settings", "/products", "/messages", "/usage", "/_local", "/openapi.json",
  "/reports", "/agenda"];

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, API])) },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 500, manifest: true },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
