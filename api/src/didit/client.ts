// Placeholder interface; the Didit client feature fills this module.
export type DiditClient = Record<string, never>;
