// The custom messages of the Herd language server (lsp/server/server.ts).

/** Sent after each analysis of a workspace. */
export const statusNotification = "herd/status";
export interface StatusParams {
  /** "12 machines · 31 replicas · 0 unplaced", or "8 machines · 2 errors". */
  status: string;
  /** The workspace folder the status is about (a file path). */
  root: string;
}

/** The picture of the fleet for the workspace holding a document. */
export const placementRequest = "herd/placement";
export interface PlacementParams {
  uri: string;
}
export interface PlacementResult {
  status: string;
  /** A self-contained page (inline styles, no scripts); absent while the system has errors. */
  html?: string;
  errors: number;
}
