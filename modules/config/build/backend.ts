/** Backends of the file: to a {@link Backend}, and the state each points at (to find two stacks on one state). */
import { Backend } from "../../stack/backend";
import type { BackendConfig } from "../types";

/** A file backend -> a Backend. */
export function backendOf(b: BackendConfig): Backend {
  const { type, ...props } = b as BackendConfig & Record<string, unknown>;
  switch (type) {
    case "s3":
      return Backend.s3(props as unknown as Parameters<typeof Backend.s3>[0]);
    case "cloud":
      return Backend.cloud(props as unknown as Parameters<typeof Backend.cloud>[0]);
    default:
      return Backend.local(props as Parameters<typeof Backend.local>[0]);
  }
}

/** A key naming the state a backend points at, to find two stacks sharing one state. */
export function stateLocation(b: BackendConfig, stackName: string): string | undefined {
  switch (b.type) {
    case "s3":
      return `s3://${b.bucket}/${b.key}`;
    case "cloud":
      return b.workspace !== undefined ? `cloud:${b.hostname ?? "app.terraform.io"}/${b.organization}/${b.workspace}` : undefined;
    default: {
      if (b.path === undefined) return undefined;
      const parts: string[] = ["stacks", stackName];
      for (const seg of b.path.split("/")) {
        if (seg === "..") parts.pop();
        else if (seg !== "." && seg !== "") parts.push(seg);
      }
      return `local:${parts.join("/")}`;
    }
  }
}
