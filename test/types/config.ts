// What a specforge.config.ts may say: defineConfig, imported by package name as a project that installs specforge does.
import { defineConfig } from "specforge";

export const good = defineConfig({
  $schema: "./specforge.config.schema.json",
  targets: {
    pets: {
      spec: "spec/pets.yaml",
      out: "generated/pets",
      pathVariants: [{ selector: "scope", id: "scope_id", choices: { org_id: "orgs", user_id: "users" } }],
      refresh: { operations: ["group:pets", "PUT /pets/{id}"], overlay: "spec/pets.overlay.yaml", from: "../upstream.json" },
      lenient: true,
    },
  },
});

// @ts-expect-error a target needs `out`
defineConfig({ targets: { pets: { spec: "spec/pets.yaml" } } });
// @ts-expect-error an unknown key, as the parser says too
defineConfig({ targets: { pets: { spec: "spec/pets.yaml", out: "generated/pets", sepc: "x" } } });
// @ts-expect-error operations are selector strings
defineConfig({ targets: { pets: { spec: "spec/pets.yaml", out: "generated/pets", refresh: { operations: [{ method: "put" }] } } } });
